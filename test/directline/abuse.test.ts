/** Rate limits on the public endpoints: each answers 429 with a message and Retry-After. */
import { call, post, startConversation, startTestBot, StreamClient, TestBot } from './helpers';

describe('rate limits', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ RATE_LIMIT_CONVERSATION_PER_MINUTE: '5', RATE_LIMIT_NEW_CONVERSATIONS_PER_HOUR: '4', RATE_LIMIT_CLIENT_PER_MINUTE: '40' });
  });
  afterAll(async () => {
    await bot.close();
  });

  test('a conversation sending too fast gets 429 with a message, and other conversations are unaffected', async () => {
    const c = await startConversation(bot.url);
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await post(bot.url, c, { type: 'message', text: `message ${i}` }));
    expect(results.slice(0, 5).map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const limited = results[5];
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatch(/^You're sending messages too quickly\. Please wait \d+ seconds? and try again\.$/);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);

    const other = await startConversation(bot.url);
    expect((await post(bot.url, other, { type: 'message', text: 'hello' })).status).toBe(200);
  });

  test('starting too many conversations from one address gets 429', async () => {
    // Two were started above; two more are allowed this hour.
    expect((await call(`${bot.url}/v3/directline/tokens/generate`, { method: 'POST' })).status).toBe(200);
    expect((await call(`${bot.url}/webchat/token`, { method: 'POST' })).status).toBe(200);
    const limited = await call(`${bot.url}/v3/directline/conversations`, { method: 'POST' });
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatch(/Too many new chats have been started from your connection/);
  });

  test('one address making too many requests gets 429, on HTTP and on the stream', async () => {
    // 40 a minute in all; the tests above used about 15.
    let last = { status: 0, body: {} as Record<string, unknown> };
    for (let i = 0; i < 40 && last.status !== 429; i++) last = await call(`${bot.url}/v3/directline/tokens/refresh`, { method: 'POST', token: 'not-a-token' });
    expect(last.status).toBe(429);
    expect(last.body.error).toMatch(/^Too many requests from your connection\. Please wait \d+ seconds? and try again\.$/);
    expect(await StreamClient.handshakeStatus(`${bot.url.replace('http', 'ws')}/v3/directline/conversations/x/stream?t=y`)).toBe(429);
  });
});
