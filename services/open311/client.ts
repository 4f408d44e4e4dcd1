/**
 * An Open311 GeoReport v2 client (JSON format) for the council's works system. The endpoint is
 * configuration the council sets (like MONGODB_URI), so it is trusted and may be on the council's
 * own network; every call still has a deadline and a size limit, so a slow or broken server cannot
 * hold a job. `api_key` goes only in POST bodies (as FixMyStreet sends it) and `jurisdiction_id` on
 * every request; the key is never put in an error message, so it cannot reach a log.
 */
import type { z } from 'zod';
import { Created, ErrorList, Service, ServiceDefinition, ServiceList, ServiceRequest, ServiceRequestList, TokenAnswer } from './wire';

/** The endpoint could not be reached, timed out, failed (5xx) or answered something unreadable: worth trying again. */
export class Open311Unavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Open311Unavailable';
  }
}

/** The endpoint refused the request (4xx) with its reasons: trying again will not help. */
export class Open311Rejected extends Error {
  constructor(
    readonly status: number,
    /** The endpoint's own words, joined ("400: service_code is required"). */
    readonly reasons: string,
  ) {
    super(`the works system refused the request (${status}): ${reasons}`);
    this.name = 'Open311Rejected';
  }
}

export interface Open311ClientOptions {
  /** The base URL, such as https://council.example.gov.uk/open311/v2/ (services.json etc. are under it). */
  endpoint: string;
  apiKey?: string;
  jurisdiction?: string;
  timeoutMs?: number;
  maxBytes?: number;
  fetch?: typeof fetch;
}

/** What POST requests.json sends besides the service code. */
export interface NewRequest {
  serviceCode: string;
  description: string;
  lat?: number;
  long?: number;
  addressString?: string;
  email?: string;
  phone?: string;
  firstName?: string;
  lastName?: string;
  mediaUrl?: string;
  /** attribute[code]=value; a list is sent as attribute[code][]=… for each value. */
  attributes?: Record<string, string | string[]>;
}

export class Open311Client {
  private readonly base: string;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly fetchFn: typeof fetch;

  constructor(private readonly opts: Open311ClientOptions) {
    this.base = opts.endpoint.endsWith('/') ? opts.endpoint : `${opts.endpoint}/`;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.maxBytes = opts.maxBytes ?? 2 * 1024 * 1024;
    this.fetchFn = opts.fetch ?? fetch;
  }

  /** The endpoint's host, for staff to see where reports go (never the key). */
  get host(): string {
    return new URL(this.base).host;
  }

  services(): Promise<Service[]> {
    return this.get('services.json', {}, ServiceList);
  }

  definition(code: string): Promise<ServiceDefinition> {
    return this.get(`services/${encodeURIComponent(code)}.json`, {}, ServiceDefinition);
  }

  token(token: string): Promise<z.infer<typeof TokenAnswer>> {
    return this.get(`tokens/${encodeURIComponent(token)}.json`, {}, TokenAnswer);
  }

  /** GET requests.json for these ids (comma-separated, as the spec allows). */
  requests(ids: readonly string[]): Promise<ServiceRequest[]> {
    return this.get('requests.json', { service_request_id: ids.join(',') }, ServiceRequestList);
  }

  async create(request: NewRequest): Promise<Created> {
    const body = new URLSearchParams();
    if (this.opts.apiKey) body.set('api_key', this.opts.apiKey);
    if (this.opts.jurisdiction) body.set('jurisdiction_id', this.opts.jurisdiction);
    body.set('service_code', request.serviceCode);
    body.set('description', request.description);
    if (request.lat !== undefined && request.long !== undefined) {
      body.set('lat', String(request.lat));
      body.set('long', String(request.long));
    }
    const optional: Array<[string, string | undefined]> = [
      ['address_string', request.addressString],
      ['email', request.email],
      ['phone', request.phone],
      ['first_name', request.firstName],
      ['last_name', request.lastName],
      ['media_url', request.mediaUrl],
    ];
    for (const [k, v] of optional) if (v) body.set(k, v);
    for (const [code, value] of Object.entries(request.attributes ?? {})) {
      if (Array.isArray(value)) for (const v of value) body.append(`attribute[${code}][]`, v);
      else body.set(`attribute[${code}]`, value);
    }
    const answer = await this.call('requests.json', { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } }, Created);
    return answer[0];
  }

  private get<S extends z.ZodType>(path: string, query: Record<string, string>, schema: S): Promise<z.output<S>> {
    const params = new URLSearchParams(query);
    if (this.opts.jurisdiction) params.set('jurisdiction_id', this.opts.jurisdiction);
    const qs = params.toString();
    return this.call(`${path}${qs ? `?${qs}` : ''}`, { method: 'GET' }, schema);
  }

  private async call<S extends z.ZodType>(path: string, init: RequestInit, schema: S): Promise<z.output<S>> {
    const url = new URL(path, this.base).toString();
    const what = `${init.method} ${path.split('?')[0]}`;
    let response: Response;
    try {
      response = await this.fetchFn(url, { ...init, headers: { accept: 'application/json', ...(init.headers as Record<string, string> | undefined) }, redirect: 'error', signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      const timedOut = (err as Error).name === 'TimeoutError' || (err as Error).name === 'AbortError';
      throw new Open311Unavailable(`${what}: ${timedOut ? `no answer within ${this.timeoutMs} ms` : 'could not connect'}`);
    }
    let raw: string;
    try {
      raw = await this.readText(response);
    } catch (err) {
      throw new Open311Unavailable(`${what}: ${(err as Error).message}`);
    }
    if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
      throw new Open311Rejected(response.status, this.reasons(raw, response.status));
    }
    if (!response.ok) throw new Open311Unavailable(`${what}: the server answered ${response.status}`);
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new Open311Unavailable(`${what}: the answer was not JSON`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      // A 200 carrying an error list (some servers do this) is a refusal.
      const errors = ErrorList.safeParse(json);
      if (errors.success && errors.data.every((e) => e.description)) throw new Open311Rejected(Number(errors.data[0].code) || 400, this.reasons(raw, 400));
      throw new Open311Unavailable(`${what}: the answer did not follow GeoReport v2 (${parsed.error.issues[0]?.path.join('.') || 'body'} ${parsed.error.issues[0]?.message ?? ''})`);
    }
    return parsed.data;
  }

  private async readText(response: Response): Promise<string> {
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > this.maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      throw new Error('the answer was too large');
    }
    if (!response.body) return '';
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > this.maxBytes) throw new Error('the answer was too large');
      chunks.push(Buffer.from(chunk));
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  /** The endpoint's reasons as one line; its own words, with the key taken out should it ever echo it. */
  private reasons(raw: string, status: number): string {
    let line: string;
    try {
      const errors = ErrorList.safeParse(JSON.parse(raw));
      line = errors.success ? errors.data.map((e) => [e.code, e.description].filter((x) => x !== undefined && x !== '').join(': ')).join('; ') : raw;
    } catch {
      line = raw;
    }
    line = line.replace(/\s+/g, ' ').trim().slice(0, 1000) || `the server answered ${status} with no reason`;
    return this.opts.apiKey ? line.split(this.opts.apiKey).join('[key]') : line;
  }
}
