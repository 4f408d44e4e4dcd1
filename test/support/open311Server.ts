/**
 * A council works system speaking Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2),
 * JSON format, implemented from the specification for the tests:
 *
 * - GET services.json: the service list (service_code, service_name, description, metadata, type, keywords, group)
 * - GET services/{code}.json: a service definition with its attributes (404 for an unknown code)
 * - POST requests.json (application/x-www-form-urlencoded): checks api_key (403), jurisdiction_id
 *   (404), service_code (404), a location (lat+long, address_string or address_id: 400), required
 *   attributes and list values (400); answers [{service_request_id, service_notice}], or
 *   [{token}] for services set to answer with a token
 * - GET tokens/{token}.json: [{token, service_request_id}] once the id is assigned (before then no id)
 * - GET requests.json?service_request_id=a,b,c: those requests with status and status_notes
 *
 * Errors are arrays of {code, description} as the spec says. `down` answers every call 503 (an
 * outage); `setStatus` is the council's staff updating a request.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubAttribute {
  variable: boolean;
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  datatype_description?: string;
  order: number;
  description: string;
  values?: Array<{ key: string; name: string }>;
}

export interface StubService {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime' | 'batch' | 'blackbox';
  keywords: string;
  group: string;
  attributes?: StubAttribute[];
  /** Answer POST with a token instead of an id (a batch system). */
  answersWithToken?: boolean;
  /** This service needs a map position (lat and long), not just an address. */
  needsLatLong?: boolean;
}

export interface StoredRequest {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string;
  service_notice: string;
  requested_datetime: string;
  updated_datetime: string;
  address: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
  /** Every field the POST carried, as sent. */
  posted: Record<string, string | string[]>;
}

export interface Open311Call {
  method: string;
  path: string;
  query: Record<string, string>;
  body: string;
}

export interface Open311Server {
  /** The endpoint base, as OPEN311_ENDPOINT is set. */
  url: string;
  apiKey: string;
  jurisdiction: string;
  requests: Map<string, StoredRequest>;
  calls: Open311Call[];
  down: boolean;
  /** Tokens whose request id is not yet assigned (GET tokens answers without an id). */
  pendingTokens: Set<string>;
  setStatus(id: string, status: 'open' | 'closed', notes: string | null): void;
  close(): Promise<void>;
}

const error = (code: number, description: string) => [{ code, description }];

export async function startOpen311Server(opts: { services: StubService[]; apiKey: string; jurisdiction: string }): Promise<Open311Server> {
  const requests = new Map<string, StoredRequest>();
  const tokens = new Map<string, string>();
  const pendingTokens = new Set<string>();
  const calls: Open311Call[] = [];
  let nextId = 7001;
  const state = { down: false };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const path = url.pathname.replace(/^\/open311\/v2/, '');
      const query = Object.fromEntries(url.searchParams.entries());
      const body = Buffer.concat(chunks).toString('utf8');
      calls.push({ method: req.method ?? '', path, query, body });
      const json = (status: number, value: unknown) => {
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.statusCode = status;
        res.end(JSON.stringify(value));
      };
      if (state.down) {
        res.statusCode = 503;
        res.setHeader('content-type', 'text/html');
        res.end('<html><body>Service Unavailable</body></html>');
        return;
      }
      const form = new URLSearchParams(body);
      const jurisdiction = req.method === 'POST' ? form.get('jurisdiction_id') : query.jurisdiction_id;
      if (jurisdiction !== opts.jurisdiction) return json(404, error(404, 'jurisdiction_id provided was not found'));
      const now = new Date().toISOString();
      let m: RegExpExecArray | null;

      if (req.method === 'GET' && path === '/services.json') {
        return json(200, opts.services.map(({ attributes: _a, answersWithToken: _t, needsLatLong: _l, ...s }) => s));
      }
      if (req.method === 'GET' && (m = /^\/services\/([^/]+)\.json$/.exec(path))) {
        const s = opts.services.find((x) => x.service_code === decodeURIComponent(m![1]));
        if (!s) return json(404, error(404, 'service_code provided was not found'));
        return json(200, { service_code: s.service_code, attributes: s.attributes ?? [] });
      }
      if (req.method === 'POST' && path === '/requests.json') {
        if (!/application\/x-www-form-urlencoded/.test(String(req.headers['content-type']))) return json(400, error(400, 'the body must be application/x-www-form-urlencoded'));
        if (form.get('api_key') !== opts.apiKey) return json(403, error(403, 'Invalid api_key'));
        const s = opts.services.find((x) => x.service_code === form.get('service_code'));
        if (!s) return json(404, error(404, 'service_code provided was not found'));
        const hasLatLong = form.get('lat') && form.get('long');
        if (!hasLatLong && !form.get('address_string') && !form.get('address_id')) return json(400, error(400, 'A location is required: lat and long, address_string or address_id'));
        if (s.needsLatLong && !hasLatLong) return json(400, error(400, `lat and long are required for ${s.service_name}: give the column number or a position on the map`));
        const problems: string[] = [];
        for (const a of s.attributes ?? []) {
          const values = [...form.getAll(`attribute[${a.code}]`), ...form.getAll(`attribute[${a.code}][]`)];
          if (a.required && a.variable && values.length === 0) problems.push(`attribute[${a.code}] is required`);
          if (a.values && values.some((v) => !a.values!.some((x) => x.key === v))) problems.push(`attribute[${a.code}] is not one of the service's values`);
        }
        if (problems.length) return json(400, problems.map((p) => ({ code: 400, description: p })));
        const posted: Record<string, string | string[]> = {};
        for (const key of new Set(form.keys())) {
          const all = form.getAll(key);
          posted[key] = all.length > 1 || key.endsWith('[]') ? all : all[0];
        }
        const id = String(nextId++);
        requests.set(id, {
          service_request_id: id,
          status: 'open',
          status_notes: null,
          service_name: s.service_name,
          service_code: s.service_code,
          description: form.get('description') ?? '',
          agency_responsible: 'Street Services',
          service_notice: 'We aim to deal with this within 3 working days.',
          requested_datetime: now,
          updated_datetime: now,
          address: form.get('address_string'),
          lat: hasLatLong ? Number(form.get('lat')) : null,
          long: hasLatLong ? Number(form.get('long')) : null,
          media_url: form.get('media_url'),
          posted,
        });
        if (s.answersWithToken) {
          const token = `tok-${id}-${Math.random().toString(36).slice(2, 8)}`;
          tokens.set(token, id);
          pendingTokens.add(token);
          return json(200, [{ token }]);
        }
        return json(201, [{ service_request_id: id, service_notice: 'We aim to deal with this within 3 working days.', account_id: null }]);
      }
      if (req.method === 'GET' && (m = /^\/tokens\/([^/]+)\.json$/.exec(path))) {
        const token = decodeURIComponent(m[1]);
        const id = tokens.get(token);
        if (!id) return json(404, error(404, 'token not found'));
        return json(200, [pendingTokens.has(token) ? { token } : { token, service_request_id: id }]);
      }
      if (req.method === 'GET' && path === '/requests.json') {
        const ids = (query.service_request_id ?? '').split(',').filter(Boolean);
        const found = (ids.length ? ids.map((i) => requests.get(i)).filter((r): r is StoredRequest => !!r) : [...requests.values()])
          .filter((r) => !query.status || r.status === query.status)
          .filter((r) => !query.service_code || r.service_code === query.service_code);
        return json(200, found.map(({ posted: _p, ...r }) => r));
      }
      if (/\.xml$/.test(path)) return json(400, error(400, 'this server answers in JSON only'));
      return json(404, error(404, 'not found'));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/open311/v2/`,
    apiKey: opts.apiKey,
    jurisdiction: opts.jurisdiction,
    requests,
    calls,
    pendingTokens,
    get down() {
      return state.down;
    },
    set down(v: boolean) {
      state.down = v;
    },
    setStatus(id, status, notes) {
      const r = requests.get(id);
      if (!r) throw new Error(`no request ${id}`);
      r.status = status;
      r.status_notes = notes;
      r.updated_datetime = new Date().toISOString();
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
