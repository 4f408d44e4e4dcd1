/**
 * A stand-in for GOV.UK Notify's REST API v2, for tests that drive the official
 * notifications-node-client. Status codes, error types and messages are Notify's own, taken from
 * alphagov/notifications-api (app/authentication/auth.py, app/v2/errors.py, app/schema_validation,
 * app/notifications/validators.py) and notifications-utils, so the bot is tested against the
 * answers it will really get, not against answers we would like it to get.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { domainToASCII } from 'node:url';
import jwt from 'jsonwebtoken';
import { parsePhoneNumberFromString, validatePhoneNumberLength } from 'libphonenumber-js/max';

export type NotificationType = 'email' | 'sms' | 'letter';
export interface FakeTemplate { type: NotificationType; subject?: string; body: string; version?: number }
export interface NotifyServerOptions {
  /** Keyed by template id (a UUID, as Notify's schema insists). Bodies use ((placeholder)) syntax. */
  templates?: Record<string, FakeTemplate>;
  serviceId?: string;
  /** The key name part of the API key; Notify accepts team, test and live keys alike here. */
  keyName?: string;
  /** Seconds added to the server's clock, to exercise Notify's 30-second iat window. */
  clockSkewSeconds?: number;
  fromEmail?: string;
  fromNumber?: string;
}
export interface SentNotification {
  id: string;
  type: NotificationType;
  /** Email address, phone number, or the letter's address lines joined by newlines. */
  to: string;
  templateId: string;
  templateVersion: number;
  personalisation: Record<string, unknown>;
  reference: string | null;
  emailReplyToId?: string;
  smsSenderId?: string;
  body: string;
  subject: string | null;
  /** Notify's raw status (created, sending, delivered, permanent-failure, ...). */
  status: string;
  createdAt: Date;
  updatedAt: Date | null;
  sentAt: Date | null;
}
export type FailStatus = 400 | 403 | 429 | 500 | 503;
export type CallbackStatus = 'delivered' | 'permanent-failure' | 'temporary-failure' | 'technical-failure';
export interface NotifyServer {
  url: string;
  serviceId: string;
  /** "<keyname>-<service id>-<secret>", the format Notify issues. */
  apiKey: string;
  secret: string;
  sent: SentNotification[];
  clockSkewSeconds: number;
  /** Letters also take 'accepted' and 'received', which Notify shows for created/sending and delivered. */
  setStatus(id: string, status: string): void;
  /** The next n POSTs (after authentication, where Notify checks its rate limit) fail with Notify's body. */
  failNext(n: number, status: FailStatus, body?: unknown): void;
  /** Updates the status and POSTs Notify's delivery receipt; resolves to the receiver's HTTP status. */
  sendCallback(url: string, bearerToken: string, notificationId: string, status: CallbackStatus): Promise<number>;
  close(): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const GENERAL_TOKEN_ERROR =
  'Invalid token: make sure your API token matches the example at https://docs.notifications.service.gov.uk/rest-api.html#authorisation-header';
const CLOCK_ERROR = 'Error: Your system clock must be accurate to within 30 seconds';
const COMPLETED = ['sent', 'delivered', 'failed', 'technical-failure', 'temporary-failure', 'permanent-failure',
  'returned-letter', 'cancelled', 'validation-failed'];
const FAILED = ['technical-failure', 'temporary-failure', 'permanent-failure', 'validation-failed', 'virus-scan-failed',
  'returned-letter'];
// 503 never comes from Notify's application code (it is the load balancer's), so it gets no Notify JSON.
const FAIL_BODIES: Record<FailStatus, unknown> = {
  400: v2Error(400, 'BadRequestError',
    'Can’t send to this recipient when service is in trial mode – see https://www.notifications.service.gov.uk/trial-mode'),
  403: v2Error(403, 'AuthError', 'Invalid token: API key not found'),
  429: v2Error(429, 'RateLimitError', 'Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds'),
  500: v2Error(500, 'Exception', 'Internal server error'),
  503: '<html>\n<head><title>503 Service Temporarily Unavailable</title></head>\n<body>\n<center><h1>503 Service Temporarily Unavailable</h1></center>\n</body>\n</html>\n',
};

function v2Error(status: number, error: string, ...messages: string[]) {
  return { status_code: status, errors: messages.map((message) => ({ error, message })) };
}
class HttpError extends Error {
  constructor(readonly status: number, readonly body: unknown) { super(JSON.stringify(body)); }
}
const fail = (status: number, error: string, ...messages: string[]) => new HttpError(status, v2Error(status, error, ...messages));

/** Notify's checks in auth.py and notifications-python-client's decode_jwt_token, in their order. */
function authenticate(header: string | undefined, serviceId: string, secret: string, now: number): void {
  if (!header) throw fail(401, 'AuthError', 'Unauthorized: authentication token must be provided');
  if (header.slice(0, 7).toLowerCase() !== 'bearer ') throw fail(401, 'AuthError', 'Unauthorized: authentication bearer scheme must be used');
  const token = header.slice(7);
  const decoded = jwt.decode(token, { complete: true });
  if (!decoded || typeof decoded.payload !== 'object') throw fail(403, 'AuthError', GENERAL_TOKEN_ERROR);
  const { iss, iat } = decoded.payload;
  if (iss === undefined) throw fail(403, 'AuthError', 'Invalid token: iss field not provided');
  if (typeof iss !== 'string' || !UUID.test(iss)) throw fail(403, 'AuthError', 'Invalid token: service id is not the right data type');
  if (iss.replace(/-/g, '').toLowerCase() !== serviceId.replace(/-/g, '')) throw fail(403, 'AuthError', 'Invalid token: service not found');
  // PyJWT rejects a disallowed alg (including "none") before it looks at the signature.
  if (decoded.header.alg !== 'HS256') throw fail(403, 'AuthError', 'Invalid token: algorithm used is not HS256');
  try {
    jwt.verify(token, secret, { algorithms: ['HS256'], clockTimestamp: now, clockTolerance: 30 });
  } catch (e) {
    if (e instanceof jwt.NotBeforeError) throw fail(403, 'AuthError', CLOCK_ERROR);
    if (e instanceof jwt.TokenExpiredError) throw fail(403, 'AuthError', GENERAL_TOKEN_ERROR);
    // A bad signature means "not this key"; with no other key to try, Notify says the key is not found.
    throw fail(403, 'AuthError', 'Invalid token: API key not found');
  }
  // Notify's own quirk: a missing iat is treated like a wrong key (see the TODO in auth.py).
  if (iat === undefined) throw fail(403, 'AuthError', 'Invalid token: API key not found');
  if (typeof iat !== 'number' || Math.abs(now - Math.trunc(iat)) > 30) throw fail(403, 'AuthError', CLOCK_ERROR);
}

/** notifications-utils validate_email_address. */
function validEmail(raw: string): boolean {
  const email = raw.replace(/[\u180E\u200B-\u200D\u2060\uFEFF]/g, '').trim();
  const m = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@([^.@][^@\s]+)$/.exec(email);
  if (!m || email.length > 320 || email.includes('..')) return false;
  const host = domainToASCII(m[1]);
  const parts = host.split('.');
  if (!host || host.length > 253 || parts.length < 2) return false;
  if (!parts.every((p) => p && p.length <= 63 && /^(xn|[a-z0-9]+)(-?-[a-z0-9]+)*$/i.test(p))) return false;
  return /^([a-z]{2,63}|xn--([a-z0-9]+-)*[a-z0-9]+)$/i.test(parts[parts.length - 1]);
}

/** notifications-utils PhoneNumber with international numbers and UK landlines allowed, as the v2 schema does. */
function phoneProblem(raw: string): string | null {
  if (/[^\s()+\-0-9]/.test(raw)) return 'Must not contain letters or symbols';
  if (!raw) return 'Not enough digits';
  let number = parsePhoneNumberFromString(raw, 'GB');
  const reason = validatePhoneNumberLength(raw, 'GB');
  if (reason) {
    const forced = '+' + raw.replace(/\D/g, ''); // Excel strips a leading +; Notify retries as international
    if (validatePhoneNumberLength(forced)) {
      return ({ TOO_SHORT: 'Not enough digits', TOO_LONG: 'Too many digits', INVALID_COUNTRY: 'Not a valid country prefix' } as
        Record<string, string>)[reason] ?? 'Number is not valid – double check the phone number you entered';
    }
    number = parsePhoneNumberFromString(forced);
  }
  const type = number?.getType();
  const allowed = ['FIXED_LINE', 'MOBILE', 'FIXED_LINE_OR_MOBILE', 'UAN', 'PERSONAL_NUMBER'];
  // Ofcom's drama numbers (07700 900xxx) are not "valid" to libphonenumber, but Notify accepts them.
  if (!number || (!(number.isValid() && type && allowed.includes(type)) && !number.nationalNumber.startsWith('7700'))) {
    return 'Number is not valid – double check the phone number you entered';
  }
  return null;
}

/** Python's repr as jsonschema prints it, with the quotes Notify strips already gone. */
const pyRepr = (v: unknown) => (v === null ? 'None' : v === true ? 'True' : v === false ? 'False' : typeof v === 'string' ? v : JSON.stringify(v).replace(/"/g, ''));
type Check = (v: unknown) => string | null;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const ofType = (name: string, ok: (v: unknown) => boolean): Check => (v) => (ok(v) ? null : `${pyRepr(v)} is not of type ${name}`);
const str = ofType('string', (v) => typeof v === 'string');
const reference: Check = (v) => str(v) ?? ((v as string).length > 1000 ? `${v} is too long` : null);
const uuid: Check = (v) => (typeof v === 'string' && UUID.test(v) ? null : 'is not a valid UUID');
const object = ofType('object', isObject);
const email: Check = (v) => str(v) ?? (validEmail(v as string) ? null : 'Not a valid email address');
const phone: Check = (v) => str(v) ?? phoneProblem(v as string);
const https: Check = (v) => (typeof v === 'string' && /^https/.test(v) ? null : 'is not a valid https url');
const any: Check = () => null;
// Property order follows the schemas, because jsonschema reports errors in that order.
const SCHEMAS: Record<NotificationType, { properties: Record<string, Check>; required: string[] }> = {
  sms: { properties: { reference, phone_number: phone, template_id: uuid, personalisation: object, scheduled_for: any, sms_sender_id: uuid },
    required: ['phone_number', 'template_id'] },
  email: { properties: { reference, email_address: email, template_id: uuid, personalisation: object, scheduled_for: any,
    email_reply_to_id: uuid, one_click_unsubscribe_url: https, sanitise_content_for: any }, required: ['email_address', 'template_id'] },
  letter: { properties: { reference, template_id: uuid, personalisation: object }, required: ['template_id', 'personalisation'] },
};

function validate(body: unknown, type: NotificationType): Record<string, unknown> {
  if (!isObject(body)) throw fail(400, 'ValidationError', `${pyRepr(body)} is not of type object`);
  const { properties, required } = SCHEMAS[type];
  const messages = Object.entries(properties).flatMap(([k, check]) => (k in body && check(body[k]) ? [`${k} ${check(body[k])}`] : []));
  messages.push(...required.filter((k) => !(k in body)).map((k) => `${k} is a required property`));
  const extra = Object.keys(body).filter((k) => !(k in properties));
  if (extra.length) messages.push(`Additional properties are not allowed (${extra.join(', ')} ${extra.length > 1 ? 'were' : 'was'} unexpected)`);
  if (messages.length) throw fail(400, 'ValidationError', ...messages);
  return body;
}

/** notifications-utils Field: ((name)) and ((name??text)), names matched ignoring case, spaces, _ and -. */
const normalise = (key: string) => key.replace(/[ _-]/g, '').toLowerCase();
const PLACEHOLDER = /\(\(([^()]+)\)\)/g;
function render(text: string, values: Record<string, unknown>): { text: string; missing: string[] } {
  const lookup = new Map(Object.entries(values).map(([k, v]) => [normalise(k), v]));
  const missing: string[] = [];
  const out = text.replace(PLACEHOLDER, (_, body: string) => {
    const [name, ...conditional] = body.split('??');
    const value = lookup.get(normalise(name));
    if (value === undefined || value === null) {
      if (!missing.some((m) => normalise(m) === normalise(name))) missing.push(name);
      return `((${body}))`;
    }
    if (conditional.length) return ['yes', 'y', 'true', 't', '1', 'include', 'show'].includes(String(value).toLowerCase()) ? conditional.join('??') : '';
    return String(value);
  });
  return { text: out, missing };
}

/** notifications-utils PostalAddress, with international letters allowed (a default service permission). */
const COUNTRIES = (() => {
  const names = new Intl.DisplayNames(['en'], { type: 'region' });
  const found = new Set<string>();
  for (let a = 65; a <= 90; a++) for (let b = 65; b <= 90; b++) {
    const code = String.fromCharCode(a, b);
    const name = names.of(code);
    if (name && name !== code && !/^(Q.|X.|EU|EZ|UN|ZZ)$/.test(code)) found.add(name.toLowerCase());
  }
  return found;
})();
const UK_NAMES = new Set(['united kingdom', 'uk', 'u.k.', 'great britain', 'gb', 'england', 'scotland', 'wales', 'northern ireland']);
function addressProblem(p: Record<string, unknown>): { problem?: string; lines: string[] } {
  const keys = [1, 2, 3, 4, 5, 6].map((i) => `address_line_${i}`).concat('address_line_7' in p ? 'address_line_7' : 'postcode');
  let lines = keys.map((k) => String(p[k] ?? '').replace(/\s+/g, ' ').trim().replace(/[ ,]+$/, '')).filter(Boolean);
  while (lines.length && UK_NAMES.has(lines[lines.length - 1].toLowerCase())) lines = lines.slice(0, -1);
  const international = lines.length > 0 && COUNTRIES.has(lines[lines.length - 1].toLowerCase());
  const postcode = (lines[lines.length - 1] ?? '').replace(/\s/g, '').toUpperCase();
  const validPostcode = /^[A-Z]{1,2}[0-9][0-9A-Z]?[0-9][ABD-HJLNP-UW-Z]{2}$/.test(postcode);
  if (validPostcode) lines[lines.length - 1] = `${postcode.slice(0, -3)} ${postcode.slice(-3)}`;
  const problem = lines.length < 3 ? 'Address must be at least 3 lines'
    : lines.length > 7 ? 'Address must be no more than 7 lines'
    : !lines.slice(0, 2).every((l) => /[a-zA-Z0-9]/.test(l)) ? 'The first 2 lines of the address must both include at least one alphanumeric character'
    : !international && !validPostcode ? 'Last line of address must be a real UK postcode or another country'
    : lines.some((l) => /^[@()=[\]"\\/,<>~]/.test(l)) ? 'Address lines must not start with any of the following characters: @ ( ) = [ ] ” \\ / , < >'
    : lines.some((l) => l.toLowerCase() === 'nfa') || /no fixed (abode|address)/i.test(lines.join('\n')) ? 'Must be a real address'
    : undefined;
  return { problem, lines };
}

const stamp = (d: Date | null) => (d ? d.toISOString().replace('Z', '000Z') : null); // Notify's %Y-%m-%dT%H:%M:%S.%fZ
/** What Notify shows for a letter: created/sending are "accepted", delivered is "received". */
const publicStatus = (n: SentNotification) =>
  n.type !== 'letter' ? n.status : ['created', 'sending'].includes(n.status) ? 'accepted' : ['delivered', 'returned-letter'].includes(n.status) ? 'received' : n.status;

export async function startNotifyServer(opts: NotifyServerOptions = {}): Promise<NotifyServer> {
  const serviceId = (opts.serviceId ?? randomUUID()).toLowerCase();
  const secret = randomUUID();
  const templates = opts.templates ?? {};
  const sent: SentNotification[] = [];
  const failures: { status: FailStatus; body: unknown }[] = [];
  let url = '';

  function serialise(n: SentNotification) {
    const p = Object.fromEntries(Object.entries(n.personalisation).map(([k, v]) => [normalise(k), v]));
    const line = (k: string) => (n.type === 'letter' ? ((p[normalise(k)] as string | undefined) ?? null) : null);
    const costReady = n.type === 'email' || n.status !== 'created';
    return {
      id: n.id, reference: n.reference, type: n.type, status: publicStatus(n),
      email_address: n.type === 'email' ? n.to : null, phone_number: n.type === 'sms' ? n.to : null,
      line_1: line('address_line_1'), line_2: line('address_line_2'), line_3: line('address_line_3'),
      line_4: line('address_line_4'), line_5: line('address_line_5'), line_6: line('address_line_6'), postcode: line('postcode'),
      template: { version: n.templateVersion, id: n.templateId, uri: `${url}/services/${serviceId}/templates/${n.templateId}` },
      body: n.body, subject: n.subject, created_at: stamp(n.createdAt), created_by_name: null, sent_at: stamp(n.sentAt),
      completed_at: COMPLETED.includes(n.status) ? stamp(n.updatedAt) : null, scheduled_for: null,
      postage: n.type === 'letter' ? 'second' : null, one_click_unsubscribe_url: null,
      // Real SMS and letter costs need Notify's rate tables; until then we report them as "not ready yet".
      cost_details: {}, cost_in_pounds: n.type === 'email' ? 0.0 : null, is_cost_data_ready: n.type === 'email' && costReady,
    };
  }

  function send(type: NotificationType, body: unknown) {
    const form = validate(body, type);
    const personalisation = (form.personalisation ?? {}) as Record<string, unknown>;
    const templateId = String(form.template_id).toLowerCase();
    const template = templates[templateId];
    if (!template) throw fail(400, 'BadRequestError', 'Template not found');
    if (template.type !== type) throw fail(400, 'BadRequestError', `${template.type} template is not suitable for ${type} notification`);
    const subject = template.type === 'sms' ? null : render(template.subject ?? '', personalisation);
    const content = render(template.body, personalisation);
    const missing = [...(subject?.missing ?? []), ...content.missing].filter((m, i, all) => all.findIndex((o) => normalise(o) === normalise(m)) === i);
    if (missing.length) throw fail(400, 'BadRequestError', `Missing personalisation: ${missing.join(', ')}`);
    let to = type === 'email' ? String(form.email_address) : String(form.phone_number ?? '');
    if (type === 'letter') {
      const address = addressProblem(personalisation);
      if (address.problem) throw fail(400, 'ValidationError', address.problem);
      to = address.lines.join('\n');
    }
    const n: SentNotification = {
      id: randomUUID(), type, to, templateId, templateVersion: template.version ?? 1, personalisation,
      reference: (form.reference as string | undefined) ?? null, body: content.text, subject: subject?.text ?? null,
      status: 'created', createdAt: new Date(), updatedAt: null, sentAt: null,
      ...(form.email_reply_to_id ? { emailReplyToId: String(form.email_reply_to_id) } : {}),
      ...(form.sms_sender_id ? { smsSenderId: String(form.sms_sender_id) } : {}),
    };
    sent.push(n);
    const contentOut = type === 'email' ? { from_email: opts.fromEmail ?? 'test.service@notifications.service.gov.uk', body: n.body, subject: n.subject, one_click_unsubscribe_url: form.one_click_unsubscribe_url ?? null }
      : type === 'sms' ? { from_number: opts.fromNumber ?? 'GOVUK', body: n.body } : { body: n.body, subject: n.subject };
    return { id: n.id, reference: n.reference, uri: `${url}/v2/notifications/${n.id}`, template: { id: templateId, version: n.templateVersion,
      uri: `${url}/services/${serviceId}/templates/${templateId}` }, scheduled_for: null, content: contentOut };
  }

  function list(query: URLSearchParams) {
    const statuses = query.getAll('status').flatMap((s) => (s === 'failed' ? FAILED : [s]));
    const types = query.getAll('template_type');
    let matches = [...sent].reverse().filter((n) => (!query.has('reference') || n.reference === query.get('reference'))
      && (!types.length || types.includes(n.type)) && (!statuses.length || statuses.includes(n.status) || statuses.includes(publicStatus(n))));
    const older = query.get('older_than');
    if (older) {
      if (!UUID.test(older)) throw fail(400, 'ValidationError', 'older_than is not a valid UUID');
      const at = matches.findIndex((n) => n.id === older);
      matches = at < 0 ? [] : matches.slice(at + 1);
    }
    const page = matches.slice(0, 250); // Notify's API_PAGE_SIZE
    const link = (extra: Record<string, string>) => {
      const q = new URLSearchParams(query);
      for (const [k, v] of Object.entries(extra)) q.set(k, v);
      return `${url}/v2/notifications${q.size ? `?${q}` : ''}`;
    };
    return { notifications: page.map(serialise), links: { current: link({}), ...(page.length ? { next: link({ older_than: page[page.length - 1].id }) } : {}) } };
  }

  async function handle(req: http.IncomingMessage, raw: string): Promise<[number, unknown]> {
    const { pathname, searchParams } = new URL(req.url ?? '/', 'http://localhost');
    const post = /^\/v2\/notifications\/(email|sms|letter)$/.exec(pathname);
    const byId = /^\/v2\/notifications\/([^/]+)$/.exec(pathname);
    const known = (req.method === 'POST' && post) || (req.method === 'GET' && (byId || pathname === '/v2/notifications'));
    if (!known) return [404, { result: 'error', message: 'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.' }];
    authenticate(req.headers.authorization, serviceId, secret, Math.floor(Date.now() / 1000) + server.clockSkewSeconds);
    if (req.method === 'GET') {
      if (!byId) return [200, list(searchParams)];
      if (!UUID.test(byId[1])) throw fail(400, 'ValidationError', 'notification_id is not a valid UUID');
      const n = sent.find((x) => x.id === byId[1].toLowerCase());
      if (!n) throw fail(404, 'NoResultFound', 'No result found');
      return [200, serialise(n)];
    }
    const failure = failures.shift();
    if (failure) return [failure.status, failure.body];
    let body: unknown;
    try { body = raw ? JSON.parse(raw) : {}; } catch { throw fail(400, 'BadRequestError', 'Invalid JSON supplied in POST data'); }
    return [201, send(post![1] as NotificationType, body ?? {})];
  }

  const httpServer = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handle(req, Buffer.concat(chunks).toString('utf8'))
        .catch((e): [number, unknown] => (e instanceof HttpError ? [e.status, e.body] : [500, FAIL_BODIES[500]]))
        .then(([status, body]) => {
          // No chaining on writeHead: restify, loaded by other tests in the same worker, patches ServerResponse.
          res.statusCode = status;
          res.setHeader('content-type', typeof body === 'string' ? 'text/html' : 'application/json');
          res.end(typeof body === 'string' ? body : JSON.stringify(body));
        });
    });
  });
  await new Promise<void>((r) => httpServer.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;

  const find = (id: string) => {
    const n = sent.find((x) => x.id === id);
    if (!n) throw new Error(`No notification ${id} was sent to the fake Notify`);
    return n;
  };
  const server: NotifyServer = {
    url, serviceId, secret, sent, clockSkewSeconds: opts.clockSkewSeconds ?? 0,
    apiKey: `${opts.keyName ?? 'council_bot_test'}-${serviceId}-${secret}`,
    setStatus(id, status) {
      const n = find(id);
      n.status = n.type === 'letter' && status === 'accepted' ? 'sending' : n.type === 'letter' && status === 'received' ? 'delivered' : status;
      n.updatedAt = new Date();
      if (n.status !== 'created' && !n.sentAt) n.sentAt = n.updatedAt;
    },
    failNext(n, status, body) {
      for (let i = 0; i < n; i++) failures.push({ status, body: body ?? FAIL_BODIES[status] });
    },
    async sendCallback(callbackUrl, bearerToken, notificationId, status) {
      const n = find(notificationId);
      // Notify's delivery receipts are for emails and text messages; letters only get returned-letter callbacks.
      if (n.type === 'letter') throw new Error('Notify sends no delivery receipts for letters');
      server.setStatus(notificationId, status);
      const res = await fetch(callbackUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${bearerToken}` },
        body: JSON.stringify({ id: n.id, reference: n.reference, to: n.to, status: n.status, created_at: stamp(n.createdAt),
          completed_at: stamp(n.updatedAt), sent_at: stamp(n.sentAt), notification_type: n.type, template_id: n.templateId,
          template_version: n.templateVersion }),
        signal: AbortSignal.timeout(5000), // Notify gives a callback 5 seconds
      });
      await res.arrayBuffer();
      return res.status;
    },
    close: () => new Promise<void>((resolve, reject) => {
      httpServer.closeAllConnections();
      httpServer.close((e) => (e ? reject(e) : resolve()));
    }),
  };
  return server;
}
