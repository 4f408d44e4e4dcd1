/**
 * The self-hosted Direct Line 3.0 endpoint over real HTTP and WebSocket, against the real
 * database, with the echo bot on the same restify + CloudAdapter stack as the resident bot.
 */
import http from 'node:http';
import { SignJWT } from 'jose';
import mongoose from 'mongoose';
import { EXE_BYTES, makePng } from './files';
import { call, Conversation, post, startConversation, startTestBot, StreamClient, TestBot, TOKEN_SECRET } from './helpers';
import { DirectLineTokens } from '../../services/directline/tokens';

let bot: TestBot;
let base: string;

beforeAll(async () => {
  bot = await startTestBot();
  base = bot.url;
});
afterAll(async () => {
  await bot.close();
});

async function expiredToken(c: Pick<Conversation, 'conversationId'>, userId: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ conv: c.conversationId, sub: userId, user: userId })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer('council-feedback-bot/directline')
    .setAudience('directline:conversation')
    .setIssuedAt(now - 3600)
    .setExpirationTime(now - 60)
    .sign(new TextEncoder().encode(TOKEN_SECRET));
}

function userIdOf(token: string): string {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')).sub;
}

function uploadForm(files: Array<{ name: string; bytes: Buffer; type: string }>, text?: string): FormData {
  const form = new FormData();
  if (text !== undefined) form.append('activity', new Blob([JSON.stringify({ type: 'message', text })], { type: 'application/vnd.microsoft.activity' }), 'blob');
  for (const f of files) form.append('file', new Blob([new Uint8Array(f.bytes)], { type: f.type }), f.name);
  return form;
}

async function gridFsFiles(conversationId: string): Promise<Array<{ length: number; metadata: Record<string, unknown> }>> {
  const files = bot.db.connection.db!.collection('directline_uploads.files');
  return (await files.find({ 'metadata.conversationId': conversationId }).toArray()) as unknown as Array<{ length: number; metadata: Record<string, unknown> }>;
}

describe('starting and talking', () => {
  test('start returns a conversation, a token, its lifetime and a stream URL; starting again with the token is 200', async () => {
    const generated = await call(`${base}/v3/directline/tokens/generate`, { method: 'POST' });
    expect(generated.status).toBe(200);
    expect(generated.body).toEqual({ conversationId: expect.any(String), token: expect.any(String), expires_in: 1800, userId: expect.stringMatching(/^dl_/) });

    const started = await call(`${base}/v3/directline/conversations`, { method: 'POST', token: String(generated.body.token) });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ conversationId: generated.body.conversationId, expires_in: expect.any(Number) });
    expect(String(started.body.streamUrl)).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:\\d+/v3/directline/conversations/${generated.body.conversationId}/stream\\?t=`));

    const again = await call(`${base}/v3/directline/conversations`, { method: 'POST', token: String(generated.body.token) });
    expect(again.status).toBe(200);
    expect(again.body.conversationId).toBe(generated.body.conversationId);
  });

  test('a posted message reaches the bot and its replies arrive on the stream with increasing watermarks', async () => {
    const c = await startConversation(base);
    const stream = await StreamClient.open(c.streamUrl);
    try {
      await stream.waitFor((m) => m.some((a) => a.text === 'Welcome to the echo bot.'), 'the welcome');
      // The body claims to be someone else; the channel uses the user from the token.
      const sent = await post(base, c, { type: 'message', text: 'the bins were missed', from: { id: 'someone-else', name: 'Mallory' }, channelData: { clientActivityID: 'abc-1' } });
      expect(sent.status).toBe(200);
      expect(sent.body.id).toMatch(new RegExp(`^${c.conversationId}\\|\\d{7}$`));

      const all = await stream.waitFor((m) => m.some((a) => a.text === 'Echo: the bins were missed'), 'the echo');
      const mine = all.find((a) => a.id === sent.body.id)!;
      expect(mine.from).toEqual({ id: userIdOf(c.token), role: 'user' });
      expect(mine.channelData).toEqual({ clientActivityID: 'abc-1' }); // Web Chat matches its echo by this
      const echo = all.find((a) => a.text === 'Echo: the bins were missed')!;
      expect(echo.from.role).toBe('bot');
      expect(echo.replyToId).toBe(sent.body.id);
      expect(echo.serviceUrl).toBeUndefined();
      // conversationUpdate is never shown to clients
      expect(stream.received.some((r) => r.activity.type === 'conversationUpdate')).toBe(false);

      expect(stream.watermarks.length).toBeGreaterThanOrEqual(3);
      for (let i = 1; i < stream.watermarks.length; i++) expect(stream.watermarks[i]).toBeGreaterThan(stream.watermarks[i - 1]);
    } finally {
      stream.close();
    }
  });

  test('reconnecting with a watermark replays only newer activities, on the stream and by polling', async () => {
    const c = await startConversation(base);
    const first = await StreamClient.open(c.streamUrl);
    await post(base, c, { type: 'message', text: 'one' });
    await first.waitFor((m) => m.some((a) => a.text === 'Echo: one'), 'echo one');
    const seen = first.received[first.received.length - 1].watermark!;
    first.close();

    await post(base, c, { type: 'message', text: 'two' }); // while disconnected

    const reconnect = await call(`${base}/v3/directline/conversations/${c.conversationId}?watermark=${seen}`, { token: c.token });
    expect(reconnect.status).toBe(200);
    expect(reconnect.body).toMatchObject({ conversationId: c.conversationId, token: c.token });
    expect(String(reconnect.body.streamUrl)).toContain(`watermark=${seen}`);
    const second = await StreamClient.open(String(reconnect.body.streamUrl));
    try {
      const replayed = await second.waitFor((m) => m.some((a) => a.text === 'Echo: two'), 'echo two');
      expect(replayed.map((a) => a.text)).toEqual(['two', 'Echo: two']);
      expect(second.received.every((r) => r.watermark! > seen)).toBe(true);

      // and live messages keep coming on the new stream
      await post(base, c, { type: 'message', text: 'three' });
      await second.waitFor((m) => m.some((a) => a.text === 'Echo: three'), 'echo three');
    } finally {
      second.close();
    }

    const polled = await call(`${base}/v3/directline/conversations/${c.conversationId}/activities?watermark=${seen}`, { token: c.token });
    expect(polled.status).toBe(200);
    expect((polled.body.activities as Array<{ text: string }>).map((a) => a.text)).toEqual(['two', 'Echo: two', 'three', 'Echo: three']);
    expect(Number(polled.body.watermark)).toBeGreaterThan(seen);

    const everything = await call(`${base}/v3/directline/conversations/${c.conversationId}/activities`, { token: c.token });
    expect((everything.body.activities as Array<{ text: string }>)[0].text).toBe('Welcome to the echo bot.');
  });
});

describe('tokens', () => {
  test('an expired token is refused with 403 everywhere, and cannot be refreshed', async () => {
    const c = await startConversation(base);
    const expired = await expiredToken(c, userIdOf(c.token));
    const expectRefused = async (r: Promise<{ status: number; body: Record<string, unknown> }>) => {
      const res = await r;
      expect(res.status).toBe(403);
      expect(res.body.error).toMatch(/expired/);
    };
    await expectRefused(post(base, { ...c, token: expired }, { type: 'message', text: 'hi' }));
    await expectRefused(call(`${base}/v3/directline/conversations/${c.conversationId}?watermark=`, { token: expired }));
    await expectRefused(call(`${base}/v3/directline/conversations/${c.conversationId}/activities`, { token: expired }));
    await expectRefused(call(`${base}/v3/directline/tokens/refresh`, { method: 'POST', token: expired }));
  });

  test("a token for another conversation is refused, over HTTP and on the stream", async () => {
    const mine = await startConversation(base);
    const theirs = await startConversation(base);
    const refused = [
      await post(base, { conversationId: theirs.conversationId, token: mine.token }, { type: 'message', text: 'hi' }),
      await call(`${base}/v3/directline/conversations/${theirs.conversationId}`, { token: mine.token }),
      await call(`${base}/v3/directline/conversations/${theirs.conversationId}/activities`, { token: mine.token }),
    ];
    for (const r of refused) {
      expect(r.status).toBe(403);
      expect(r.body.error).toMatch(/another conversation/);
    }
    // my stream URL, pointed at their conversation
    const forged = mine.streamUrl.replace(mine.conversationId, theirs.conversationId);
    expect(await StreamClient.handshakeStatus(forged)).toBe(403);
    expect(await StreamClient.handshakeStatus(mine.streamUrl.replace(/t=[^&]+/, 't=not-a-token'))).toBe(403);
    // a conversation token is not a stream token
    expect(await StreamClient.handshakeStatus(mine.streamUrl.replace(/t=[^&]+/, `t=${mine.token}`))).toBe(403);
  });

  test('no token, or a forged one, is 401', async () => {
    const c = await startConversation(base);
    expect((await post(base, { ...c, token: '' }, { type: 'message', text: 'hi' })).status).toBe(401);
    const forged = await new SignJWT({ conv: c.conversationId, sub: 'x' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('council-feedback-bot/directline')
      .setAudience('directline:conversation')
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode('a-different-secret-of-sufficient-length!!'));
    const r = await post(base, { ...c, token: forged }, { type: 'message', text: 'hi' });
    expect(r.status).toBe(401);
    expect(r.body.error).toMatch(/not valid/);
  });

  test('refresh gives a new token for the same conversation and user, which works', async () => {
    const c = await startConversation(base);
    await new Promise((r) => setTimeout(r, 1100)); // a different issued-at second, so a different token
    const refreshed = await call(`${base}/v3/directline/tokens/refresh`, { method: 'POST', token: c.token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({ conversationId: c.conversationId, expires_in: 1800 });
    const token = String(refreshed.body.token);
    expect(token).not.toBe(c.token);
    expect(userIdOf(token)).toBe(userIdOf(c.token));
    expect((await post(base, { ...c, token }, { type: 'message', text: 'still me' })).status).toBe(200);
  });
});

describe('what a browser may send', () => {
  test('text over the limit gets a clear 400', async () => {
    const c = await startConversation(base);
    const r = await post(base, c, { type: 'message', text: 'x'.repeat(4001) });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('Messages can be up to 4,000 characters. Please shorten yours or send it in parts.');
    expect((await post(base, c, { type: 'message', text: 'x'.repeat(4000) })).status).toBe(200);
  });

  test('links as attachments, unknown activity types and non-objects are refused', async () => {
    const c = await startConversation(base);
    const link = await post(base, c, { type: 'message', attachments: [{ contentType: 'image/png', contentUrl: 'http://169.254.169.254/latest' }] });
    expect(link.status).toBe(400);
    expect(link.body.error).toMatch(/upload button/);
    expect((await post(base, c, { type: 'invoke', name: 'x' })).status).toBe(400);
    expect((await post(base, c, [1, 2] as unknown as Record<string, unknown>)).status).toBe(400);
  });

  test('posting to a conversation that was never started is 404', async () => {
    const generated = await call(`${base}/v3/directline/tokens/generate`, { method: 'POST' });
    const r = await post(base, { conversationId: String(generated.body.conversationId), token: String(generated.body.token) }, { type: 'message', text: 'hi' });
    expect(r.status).toBe(404);
  });
});

describe('uploads', () => {
  test('a PNG is stored in GridFS, reaches the bot as an attachment it can download, and shows on the stream', async () => {
    const c = await startConversation(base);
    const stream = await StreamClient.open(c.streamUrl);
    try {
      const png = makePng(8, 8);
      const r = await call(`${base}/v3/directline/conversations/${c.conversationId}/upload?userId=someone-else`, {
        method: 'POST',
        token: c.token,
        body: uploadForm([{ name: 'pothole.png', bytes: png, type: 'image/png' }], 'a photo of the pothole'),
      });
      expect(r.status).toBe(200);
      // The echo bot downloads what it was given: the bytes reached the bot intact.
      const all = await stream.waitFor((m) => m.some((a) => /^Received 1 file/.test(a.text ?? '')), 'the bot to receive the file');
      expect(all.find((a) => /^Received/.test(a.text ?? ''))!.text).toBe(`Received 1 file(s): image/png ${png.length} bytes`);

      const mine = all.find((a) => a.id === r.body.id)!;
      expect(mine.text).toBe('a photo of the pothole');
      expect(mine.from.id).toBe(userIdOf(c.token));
      const [attachment] = mine.attachments!;
      expect(attachment).toMatchObject({ contentType: 'image/png', name: 'pothole.png' });
      expect(attachment.thumbnailUrl).toBe(attachment.contentUrl); // so Web Chat draws it

      // the browser's link works; without its signature it does not
      const download = await fetch(attachment.contentUrl);
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe('image/png');
      expect(download.headers.get('x-content-type-options')).toBe('nosniff');
      expect(Buffer.from(await download.arrayBuffer()).equals(png)).toBe(true);
      expect((await fetch(attachment.contentUrl.replace(/\?t=.*/, ''))).status).toBe(401);

      const stored = await gridFsFiles(c.conversationId);
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({ length: png.length, metadata: { conversationId: c.conversationId, userId: userIdOf(c.token), contentType: 'image/png' } });
    } finally {
      stream.close();
    }
  });

  test('a program renamed .png is refused by its bytes (415) and nothing is kept', async () => {
    const c = await startConversation(base);
    const r = await call(`${base}/v3/directline/conversations/${c.conversationId}/upload`, {
      method: 'POST',
      token: c.token,
      body: uploadForm([{ name: 'holiday.png', bytes: EXE_BYTES, type: 'image/png' }]),
    });
    expect(r.status).toBe(415);
    expect(r.body.error).toMatch(/type of file can’t be sent/);
    expect(await gridFsFiles(c.conversationId)).toHaveLength(0);
  });

  test('an upload with no file is a clear 400', async () => {
    const c = await startConversation(base);
    const r = await call(`${base}/v3/directline/conversations/${c.conversationId}/upload`, { method: 'POST', token: c.token, body: uploadForm([], 'just text') });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/No file was sent/);
  });

  test('a 50 MB upload is refused with 413 before the client has finished sending it', async () => {
    const c = await startConversation(base);
    const boundary = 'x-test-boundary-123';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.png"\r\nContent-Type: image/png\r\n\r\n`,
    );
    const TOTAL = 50 * 1024 * 1024;
    const piece = Buffer.alloc(64 * 1024);
    const { status, body, sentBeforeAnswer } = await new Promise<{ status: number; body: string; sentBeforeAnswer: number }>((resolve, reject) => {
      let sent = 0;
      let answered = false;
      const req = http.request(`${base}/v3/directline/conversations/${c.conversationId}/upload`, {
        method: 'POST',
        // chunked, with no Content-Length, so the server has to count as it reads
        headers: { authorization: `Bearer ${c.token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
      req.on('response', (res) => {
        answered = true;
        const sentBeforeAnswer = sent;
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, sentBeforeAnswer }));
      });
      req.on('error', (err) => {
        if (!answered) reject(err);
      });
      const pump = () => {
        while (!answered && sent < TOTAL) {
          const chunk = sent === 0 ? Buffer.concat([head, makePng(4, 4), piece]) : piece;
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        if (!answered) req.end();
      };
      pump();
    });
    expect(status).toBe(413);
    expect(JSON.parse(body).error).toBe('Files can be up to 10 MB in total. Please send a smaller file.');
    // The answer came once ~10 MB had been read; the rest is what socket buffers hold, not the server.
    expect(sentBeforeAnswer).toBeLessThan(30 * 1024 * 1024);
    // what was written before the limit was removed again
    await new Promise((r) => setTimeout(r, 200));
    expect(await gridFsFiles(c.conversationId)).toHaveLength(0);
    // and no chunks were left behind without a file
    const db = bot.db.connection.db!;
    const chunkOwners = (await db.collection('directline_uploads.chunks').distinct('files_id')).map(String);
    const fileIds = new Set((await db.collection('directline_uploads.files').find().toArray()).map((f) => String(f._id)));
    expect(chunkOwners.filter((id) => !fileIds.has(id))).toEqual([]);
  });

  test('a declared Content-Length over the limit is refused without reading the body', async () => {
    const c = await startConversation(base);
    const r = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${base}/v3/directline/conversations/${c.conversationId}/upload`, {
        method: 'POST',
        headers: { authorization: `Bearer ${c.token}`, 'content-type': 'multipart/form-data; boundary=b', 'content-length': String(50 * 1024 * 1024) },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write('--b\r\n'); // and nothing more: the answer must not wait for the body
    });
    expect(r).toBe(413);
  });
});

describe('the Bot Connector endpoint', () => {
  test('refuses a token that is not ours and unknown conversations', async () => {
    const c = await startConversation(base);
    const forged = await call(`${base}/v3/conversations/${c.conversationId}/activities`, { method: 'POST', token: c.token, json: { type: 'message', text: 'I am the bot' } });
    expect(forged.status).toBe(401);
    const unsigned = await call(`${base}/v3/conversations/${c.conversationId}/activities`, { method: 'POST', json: { type: 'message', text: 'I am the council' } });
    expect(unsigned.status).toBe(401);
    const connector = await new DirectLineTokens(TOKEN_SECRET, 60).connector();
    const unknown = await call(`${base}/v3/conversations/nope/activities`, { method: 'POST', token: connector, json: { type: 'message', text: 'x' } });
    expect(unknown.status).toBe(404);
  });

  test('a proactive message (signed with the bot connector token, as the adapter sends it) reaches the stream and the history', async () => {
    const c = await startConversation(base);
    const stream = await StreamClient.open(c.streamUrl);
    const connector = await new DirectLineTokens(TOKEN_SECRET, 60).connector();
    try {
      const r = await call(`${base}/v3/conversations/${c.conversationId}/activities`, {
        method: 'POST',
        token: connector,
        json: { type: 'message', text: 'Your case CF-123 has been updated.', from: { id: 'council-feedback-bot' }, serviceUrl: 'http://elsewhere.example' },
      });
      expect(r.status).toBe(200);
      const all = await stream.waitFor((m) => m.some((a) => a.text === 'Your case CF-123 has been updated.'), 'the proactive message');
      const update = all.find((a) => a.id === r.body.id)!;
      expect(update.from.role).toBe('bot');
      expect(update.serviceUrl).toBeUndefined();
      // typing is shown live but never stored
      expect((await call(`${base}/v3/conversations/${c.conversationId}/activities`, { method: 'POST', token: connector, json: { type: 'typing' } })).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(stream.received.some((x) => x.activity.type === 'typing' && x.watermark === undefined)).toBe(true);
      const history = await call(`${base}/v3/directline/conversations/${c.conversationId}/activities`, { token: c.token });
      expect((history.body.activities as Array<{ type: string }>).some((a) => a.type === 'typing')).toBe(false);
    } finally {
      stream.close();
    }
  });

  test('watermarks stay unique and gap-free when two processes write to one conversation at once', async () => {
    const { DirectLineStore } = await import('../../services/directline/store');
    const other = mongoose.createConnection(bot.mongoUri);
    await other.asPromise();
    try {
      const a = new DirectLineStore(bot.db.connection);
      const b = new DirectLineStore(other);
      const conv = `race-${Date.now()}`;
      await a.createConversation(conv, 'u');
      const writes = Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? a : b).append(conv, (id) => ({ id, type: 'message', text: String(i) })),
      );
      const marks = (await Promise.all(writes)).map((w) => w.watermark).sort((x, y) => x - y);
      expect(marks).toEqual(Array.from({ length: 40 }, (_, i) => i));
      const stored = await a.since(conv, -1);
      expect(stored.map((s) => s.watermark)).toEqual(marks);
      expect(new Set(stored.map((s) => s.activity.text)).size).toBe(40);
      // a process that has never seen the conversation (e.g. after a restart) finds it all
      const restarted = new DirectLineStore(other);
      expect((await restarted.since(conv, 36)).map((s) => s.watermark)).toEqual([37, 38, 39]);
      expect(await restarted.since(conv, -1)).toHaveLength(40);
      expect((await restarted.append(conv, (id) => ({ id, type: 'message' }))).watermark).toBe(40);
      expect(await new DirectLineStore(other).since(`never-${Date.now()}`, -1)).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
