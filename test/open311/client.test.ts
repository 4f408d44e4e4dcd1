/** The GeoReport v2 client against the stand-in works system and against servers that misbehave. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Open311Client, Open311Rejected, Open311Unavailable } from '../../services/open311';
import { startOpen311Server, Open311Server } from '../support/open311Server';
import { API_KEY, JURISDICTION, SERVICES } from './support';

async function rawServer(handler: http.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

describe('Open311 client', () => {
  let works: Open311Server;
  beforeAll(async () => {
    works = await startOpen311Server({ services: [...SERVICES, { ...SERVICES[0], service_code: 'MV01', service_name: 'Multi', attributes: [{ variable: true, code: 'items', datatype: 'multivaluelist', required: true, order: 1, description: 'Items', values: [{ key: 'a', name: 'A' }, { key: 'b', name: 'B' }] }] }], apiKey: API_KEY, jurisdiction: JURISDICTION });
  });
  afterAll(() => works.close());
  const client = (over: Partial<ConstructorParameters<typeof Open311Client>[0]> = {}) => new Open311Client({ endpoint: works.url, apiKey: API_KEY, jurisdiction: JURISDICTION, ...over });

  test('reads services and definitions, with jurisdiction_id on every request', async () => {
    const services = await client().services();
    expect(services.map((s) => s.service_code)).toContain('MB01');
    expect(services.find((s) => s.service_code === 'MB01')?.metadata).toBe(true);
    const def = await client().definition('MB01');
    expect(def.attributes.find((a) => a.code === 'bin_type')?.values?.map((v) => v.key)).toEqual(['general', 'recycling', 'garden']);
    await expect(client().definition('NOPE')).rejects.toThrow(new Open311Rejected(404, '404: service_code provided was not found'));
    await expect(client({ jurisdiction: 'elsewhere' }).services()).rejects.toBeInstanceOf(Open311Rejected);
  });

  test('posts with the key in the body; refusals carry the endpoint\'s words and never the key', async () => {
    const created = await client().create({ serviceCode: 'MV01', description: 'test', addressString: '1 High St', attributes: { items: ['a', 'b'] } });
    expect(created.service_request_id).toMatch(/^\d+$/);
    expect(works.requests.get(created.service_request_id!)!.posted['attribute[items][]']).toEqual(['a', 'b']);
    const wrongKey = await client({ apiKey: 'not-the-key-000000' }).create({ serviceCode: 'PH01', description: 'x', addressString: 'y' }).catch((e: Error) => e);
    expect(wrongKey).toBeInstanceOf(Open311Rejected);
    expect((wrongKey as Open311Rejected).reasons).toBe('403: Invalid api_key');
    expect((wrongKey as Error).message).not.toContain('not-the-key');
    const missing = (await client().create({ serviceCode: 'MB01', description: 'x', addressString: 'y' }).catch((e: Error) => e)) as Open311Rejected;
    expect(missing.status).toBe(400);
    expect(missing.reasons).toBe('400: attribute[bin_type] is required; 400: attribute[out_by_7] is required');
    const [id] = [...works.requests.keys()];
    expect((await client().requests([id, 'unknown'])).map((r) => r.service_request_id)).toEqual([id]);
  });

  test('an outage, a silent server, a wrong shape and an echoed key are each handled without leaking the key', async () => {
    works.down = true;
    await expect(client().services()).rejects.toThrow(new Open311Unavailable('GET services.json: the server answered 503'));
    works.down = false;
    const silent = await rawServer(() => undefined);
    await expect(new Open311Client({ endpoint: silent.url, timeoutMs: 300 }).services()).rejects.toThrow('GET services.json: no answer within 300 ms');
    await silent.close();
    const odd = await rawServer((_req, res) => (res.setHeader('content-type', 'application/json'), res.end('{"services":"all"}')));
    await expect(new Open311Client({ endpoint: odd.url }).services()).rejects.toBeInstanceOf(Open311Unavailable);
    await odd.close();
    const echo = await rawServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => ((res.statusCode = 400), res.end(JSON.stringify([{ code: 400, description: `bad request: ${decodeURIComponent(body)}` }]))));
    });
    const err = (await new Open311Client({ endpoint: echo.url, apiKey: API_KEY }).create({ serviceCode: 'X', description: 'y' }).catch((e: Error) => e)) as Open311Rejected;
    expect(err.reasons).toContain('api_key=[key]');
    expect(err.message).not.toContain(API_KEY);
    await echo.close();
    const big = await rawServer((_req, res) => res.end(`[${'{"service_code":"a","service_name":"b"},'.repeat(60000)}{}]`));
    await expect(new Open311Client({ endpoint: big.url, maxBytes: 100_000 }).services()).rejects.toThrow(/too large/);
    await big.close();
  });
});
