/**
 * The fake Notify is only useful if the official client accepts it as Notify and it refuses what
 * Notify refuses, so these tests drive it with the real notifications-node-client.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import { NotifyClient } from 'notifications-node-client';
import { startNotifyServer, type NotifyServer } from './notifyServer';

const EMAIL = '0c1c5c6e-3d5e-4a47-9a4c-1f0b6a0d7e01';
const SMS = '5b1a2f0e-8a57-4b5e-b0d9-2c0e6f3a9b02';
const LETTER = 'a7e3c9d4-1b2f-4c6e-8d0a-3f5b7c9e1d03';

/** What axios puts on the error when Notify answers with a non-2xx status. */
interface NotifyHttpError { response: { status: number; data: { status_code: number; errors: { error: string; message: string }[] } } }
async function rejection(p: Promise<unknown>): Promise<NotifyHttpError['response']> {
  try {
    await p;
  } catch (e) {
    return (e as NotifyHttpError).response;
  }
  throw new Error('expected the request to fail');
}
/** Calls the fake with a hand-made Authorization header, for tokens the client would never make. */
async function getWithToken(server: NotifyServer, token: string) {
  const res = await fetch(`${server.url}/v2/notifications`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: res.status, body: await res.json() };
}
const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('fake GOV.UK Notify, driven by notifications-node-client', () => {
  let server: NotifyServer;
  let client: NotifyClient;

  beforeEach(async () => {
    server = await startNotifyServer({
      templates: {
        [EMAIL]: { type: 'email', subject: 'Your ((case type)) reference', body: 'Dear ((name)),\n\nYour reference is ((reference)).((urgent??\n\nWe will call you today.))' },
        [SMS]: { type: 'sms', body: 'Council: case ((reference)) is open.' },
        [LETTER]: { type: 'letter', subject: 'About your complaint', body: 'Dear ((name)), we have your complaint.' },
      },
    });
    client = new NotifyClient(server.url, server.apiKey);
  });
  afterEach(() => server.close());

  it('issues an API key in Notify format that the client splits into service id and secret', () => {
    expect(server.apiKey).toMatch(/^council_bot_test-[0-9a-f-]{36}-[0-9a-f-]{36}$/);
    expect(server.apiKey).toBe(`council_bot_test-${server.serviceId}-${server.secret}`);
  });

  it('sends an email, renders the template and records the personalisation', async () => {
    const personalisation = { name: 'Ada', 'Case_Type': 'complaint', reference: 'CFB-1', urgent: 'yes' };
    const { status, data } = await client.sendEmail(EMAIL, 'ada@example.org', { personalisation, reference: 'case-1' });
    expect(status).toBe(201);
    expect(data).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/), reference: 'case-1', scheduled_for: null,
      uri: `${server.url}/v2/notifications/${data.id}`,
      template: { id: EMAIL, version: 1, uri: `${server.url}/services/${server.serviceId}/templates/${EMAIL}` },
      content: { from_email: 'test.service@notifications.service.gov.uk', subject: 'Your complaint reference',
        body: 'Dear Ada,\n\nYour reference is CFB-1.\n\nWe will call you today.', one_click_unsubscribe_url: null },
    });
    expect(server.sent).toMatchObject([{ id: data.id, type: 'email', to: 'ada@example.org', templateId: EMAIL, personalisation, reference: 'case-1' }]);
  });

  it('sends a text message with an sms sender id', async () => {
    const smsSenderId = 'f0e1d2c3-b4a5-4968-8776-655443322110';
    const { data } = await client.sendSms(SMS, '07700 900123', { personalisation: { reference: 'CFB-2' }, smsSenderId });
    expect(data.content).toEqual({ from_number: 'GOVUK', body: 'Council: case CFB-2 is open.' });
    expect(server.sent[0]).toMatchObject({ type: 'sms', to: '07700 900123', personalisation: { reference: 'CFB-2' }, smsSenderId, reference: null });
  });

  it('sends a letter and refuses one whose last line is not a postcode or a country', async () => {
    const address = { address_line_1: 'A Resident', address_line_2: '1 High Street', address_line_3: 'sw1a1aa' };
    const { data } = await client.sendLetter(LETTER, { personalisation: { ...address, name: 'Ada' }, reference: 'letter-1' });
    expect(data.content).toEqual({ body: 'Dear Ada, we have your complaint.', subject: 'About your complaint' });
    expect(data.scheduled_for).toBeNull();
    expect(server.sent[0]).toMatchObject({ type: 'letter', to: 'A Resident\n1 High Street\nSW1A 1AA', personalisation: { ...address, name: 'Ada' } });

    const abroad = await client.sendLetter(LETTER, { personalisation: { ...address, address_line_3: 'Paris', address_line_4: 'France', name: 'Ada' } });
    expect(abroad.status).toBe(201);

    const bad = await rejection(client.sendLetter(LETTER, { personalisation: { ...address, address_line_3: 'Somewhere', name: 'Ada' } }));
    expect(bad.status).toBe(400);
    expect(bad.data).toEqual({ status_code: 400, errors: [{ error: 'ValidationError', message: 'Last line of address must be a real UK postcode or another country' }] });
    const short = await rejection(client.sendLetter(LETTER, { personalisation: { address_line_1: 'A Resident', address_line_2: 'SW1A 1AA', name: 'Ada' } }));
    expect(short.data.errors[0].message).toBe('Address must be at least 3 lines');
  });

  it('gets a notification by id, with the status the test set, and lists by reference', async () => {
    const { data: sentEmail } = await client.sendEmail(EMAIL, 'ada@example.org', { personalisation: { name: 'A', 'case type': 'x', reference: 'r', urgent: 'no' }, reference: 'case-9' });
    let { data } = await client.getNotificationById(sentEmail.id);
    expect(data).toMatchObject({ id: sentEmail.id, type: 'email', status: 'created', email_address: 'ada@example.org', reference: 'case-9', completed_at: null });
    server.setStatus(sentEmail.id, 'delivered');
    ({ data } = await client.getNotificationById(sentEmail.id));
    expect(data.status).toBe('delivered');
    expect(data.completed_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);

    const listed = await client.getNotifications('email', 'delivered', 'case-9');
    expect(listed.data.notifications.map((n) => n.id)).toEqual([sentEmail.id]);
    expect((await client.getNotifications(undefined, undefined, 'nothing')).data.notifications).toEqual([]);
    const missing = await rejection(client.getNotificationById('0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f'));
    expect(missing.status).toBe(404);
    expect(missing.data.errors[0]).toEqual({ error: 'NoResultFound', message: 'No result found' });
  });

  it('refuses a key with the wrong secret', async () => {
    const wrong = new NotifyClient(server.url, `council_bot_test-${server.serviceId}-00000000-0000-4000-8000-000000000000`);
    const res = await rejection(wrong.sendEmail(EMAIL, 'ada@example.org'));
    expect(res.status).toBe(403);
    expect(res.data).toEqual({ status_code: 403, errors: [{ error: 'AuthError', message: 'Invalid token: API key not found' }] });
  });

  it('refuses a token issued more than 30 seconds ago, and a skewed server clock likewise', async () => {
    const iat = Math.floor(Date.now() / 1000);
    const old = await getWithToken(server, jwt.sign({ iss: server.serviceId, iat: iat - 31 }, server.secret, { header: { alg: 'HS256', typ: 'JWT' } }));
    expect(old.status).toBe(403);
    expect(old.body.errors).toEqual([{ error: 'AuthError', message: 'Error: Your system clock must be accurate to within 30 seconds' }]);
    const fresh = await getWithToken(server, jwt.sign({ iss: server.serviceId, iat: iat - 20 }, server.secret));
    expect(fresh.status).toBe(200);

    server.clockSkewSeconds = 45;
    const res = await rejection(client.getNotifications());
    expect(res.status).toBe(403);
    expect(res.data.errors[0].message).toBe('Error: Your system clock must be accurate to within 30 seconds');
  });

  it('refuses an unsigned (alg none) token and a request with no token', async () => {
    const none = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ iss: server.serviceId, iat: Math.floor(Date.now() / 1000) })}.`;
    const res = await getWithToken(server, none);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ status_code: 403, errors: [{ error: 'AuthError', message: 'Invalid token: algorithm used is not HS256' }] });

    const bare = await fetch(`${server.url}/v2/notifications`);
    expect(bare.status).toBe(401);
    expect(await bare.json()).toEqual({ status_code: 401, errors: [{ error: 'AuthError', message: 'Unauthorized: authentication token must be provided' }] });
  });

  it('answers Notify’s BadRequestError and ValidationError for bad templates, personalisation and recipients', async () => {
    const unknown = await rejection(client.sendEmail('11111111-2222-4333-8444-555555555555', 'ada@example.org'));
    expect(unknown.status).toBe(400);
    expect(unknown.data.errors[0].error).toBe('BadRequestError');
    expect(unknown.data.errors[0].message).toBe('Template not found');

    const mismatch = await rejection(client.sendSms(EMAIL, '07700900123'));
    expect(mismatch.data.errors[0].message).toBe('email template is not suitable for sms notification');
    const missing = await rejection(client.sendEmail(EMAIL, 'ada@example.org', { personalisation: { name: 'Ada' } }));
    expect(missing.data.errors).toEqual([{ error: 'BadRequestError', message: 'Missing personalisation: case type, reference, urgent' }]);
    const email = await rejection(client.sendEmail(EMAIL, 'not-an-email'));
    expect(email.data.errors).toEqual([{ error: 'ValidationError', message: 'email_address Not a valid email address' }]);
    const phone = await rejection(client.sendSms(SMS, '07700 9001x3'));
    expect(phone.data.errors).toEqual([{ error: 'ValidationError', message: 'phone_number Must not contain letters or symbols' }]);
    expect(server.sent).toEqual([]);
  });

  it('fails the next two sends with Notify’s rate limit error, then sends the third', async () => {
    server.failNext(2, 429);
    for (let i = 0; i < 2; i++) {
      const res = await rejection(client.sendSms(SMS, '07700900123', { personalisation: { reference: 'x' } }));
      expect(res.status).toBe(429);
      expect(res.data).toEqual({ status_code: 429, errors: [{ error: 'RateLimitError', message: 'Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds' }] });
    }
    const third = await client.sendSms(SMS, '07700900123', { personalisation: { reference: 'x' } });
    expect(third.status).toBe(201);
    expect(server.sent).toHaveLength(1);

    server.failNext(1, 500);
    const outage = await rejection(client.sendSms(SMS, '07700900123', { personalisation: { reference: 'x' } }));
    expect(outage.data).toEqual({ status_code: 500, errors: [{ error: 'Exception', message: 'Internal server error' }] });
  });

  it('posts a delivery receipt to the service’s callback URL with its bearer token', async () => {
    const received: { auth?: string; body: Record<string, unknown> }[] = [];
    const receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ auth: req.headers.authorization, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        res.statusCode = 204;
        res.end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    try {
      const { data } = await client.sendSms(SMS, '07700900123', { personalisation: { reference: 'x' }, reference: 'case-7' });
      const callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/notify/receipts`;
      expect(await server.sendCallback(callbackUrl, 'callback-secret-token', data.id, 'permanent-failure')).toBe(204);
      expect(received).toEqual([{ auth: 'Bearer callback-secret-token', body: {
        id: data.id, reference: 'case-7', to: '07700900123', status: 'permanent-failure', notification_type: 'sms',
        created_at: expect.stringMatching(/\.\d{6}Z$/), completed_at: expect.stringMatching(/\.\d{6}Z$/), sent_at: expect.stringMatching(/\.\d{6}Z$/),
        template_id: SMS, template_version: 1,
      } }]);
      expect((await client.getNotificationById(data.id)).data.status).toBe('permanent-failure');
    } finally {
      await new Promise((r) => receiver.close(r));
    }
  });
});
