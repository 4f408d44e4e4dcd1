/**
 * Evidence in the staff tab: handlers see the files a resident sent with their case and can open
 * them (the stored bytes, as an attachment); triage cannot, and no other file can be fetched through a case.
 */
import { Readable } from 'node:stream';
import { EvidenceStore } from '../../services/evidence/evidenceStore';
import { TENANT } from './support/activities';
import { openCase, startTeamsTestApp, TeamsTestApp } from './support/app';
import { LocalIssuer, startLocalIssuer } from './support/jwks';

const APP_ID = '11111111-2222-3333-4444-555555555556';
const AUDIENCE = `api://bot.example.org/${APP_ID}`;
const people = { investigator: '00000000-0000-4000-8000-0000000000b3', triage: '00000000-0000-4000-8000-0000000000c3' };
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(500, 7)]);
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300, 65)]);

describe('evidence in the staff tab', () => {
  let t: TeamsTestApp;
  let issuer: LocalIssuer;
  let reference: string;
  let other: string;
  let photoId: string;
  let otherId: string;

  beforeAll(async () => {
    issuer = await startLocalIssuer();
    t = await startTeamsTestApp('teams_tab_evidence', { TEAMS_TENANT_ID: TENANT, TEAMS_SSO_AUDIENCE: AUDIENCE, TEAMS_SSO_JWKS_URL: issuer.jwksUrl });
    await t.app.teams.staff.grant({ aadObjectId: people.investigator, name: 'Sam Patel' }, 'investigator');
    await t.app.teams.staff.grant({ aadObjectId: people.triage, name: 'Tom Triage' }, 'triage');
    const store = new EvidenceStore(t.db.connection);
    const photo = await store.saveStream(Readable.from([PNG]), 'bin by gate.png');
    const consent = await store.saveStream(Readable.from([PDF]), 'consent.pdf');
    const elsewhere = await store.saveStream(Readable.from([PNG]), 'other.png');
    photoId = photo.fileId;
    otherId = elsewhere.fileId;
    reference = await openCase(t.cases, { evidence: [{ ...photo, purpose: 'evidence' }, { ...consent, purpose: 'authorisation' }] });
    other = await openCase(t.cases, { evidence: [{ ...elsewhere, purpose: 'evidence' }] });
  });
  afterAll(async () => {
    await t?.close();
    await issuer?.close();
  });

  const token = (oid: string) => issuer.sign({ aud: AUDIENCE, iss: `https://login.microsoftonline.com/${TENANT}/v2.0`, tid: TENANT, oid, name: 'Staff' });
  const get = async (path: string, bearer?: string) => fetch(`${t.url}${path}`, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });

  test('a handler sees the list of files in the case view; triage sees none', async () => {
    const seen = (await (await get(`/api/tab/cases/${reference}`, await token(people.investigator))).json()) as any;
    expect(seen.case.evidence).toEqual([
      { fileId: photoId, filename: 'bin by gate.png', contentType: 'image/png', size: PNG.length, purpose: 'evidence' },
      expect.objectContaining({ filename: 'consent.pdf', contentType: 'application/pdf', purpose: 'authorisation' }),
    ]);
    const triage = (await (await get(`/api/tab/cases/${reference}`, await token(people.triage))).json()) as any;
    expect(triage.case.evidence).toBeNull();
  });

  test('a handler gets the stored bytes as an attachment that cannot run in the page', async () => {
    const res = await get(`/api/tab/cases/${reference}/evidence/${photoId}`, await token(people.investigator));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'");
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="bin by gate.png"');
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
  });

  test('triage is refused, other cases\' files and bad ids are not found, and no token is 401', async () => {
    expect((await get(`/api/tab/cases/${reference}/evidence/${photoId}`, await token(people.triage))).status).toBe(403);
    const foreign = await get(`/api/tab/cases/${reference}/evidence/${otherId}`, await token(people.investigator));
    expect(foreign.status).toBe(404);
    const missing = await get(`/api/tab/cases/${reference}/evidence/0123456789abcdef01234567`, await token(people.investigator));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual(await foreign.json());
    expect((await get(`/api/tab/cases/${reference}/evidence/not-an-id`, await token(people.investigator))).status).toBe(404);
    expect((await get(`/api/tab/cases/${other}/evidence/${otherId}`, await token(people.investigator))).status).toBe(200);
    expect((await get(`/api/tab/cases/${reference}/evidence/${photoId}`)).status).toBe(401);
  });
});
