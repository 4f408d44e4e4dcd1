/**
 * A local stand-in for Microsoft Entra ID's signing keys: a JWKS served over HTTP, and tokens
 * signed like Teams SSO tokens (v2: iss https://login.microsoftonline.com/<tid>/v2.0, aud the
 * app's Application ID URI, oid and tid of the signed-in person).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

type KeyLike = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

export interface LocalIssuer {
  jwksUrl: string;
  sign(claims: Record<string, unknown>, opts?: { expiresInSeconds?: number; issuedAgoSeconds?: number; untrustedKey?: boolean }): Promise<string>;
  close(): Promise<void>;
}

export async function startLocalIssuer(): Promise<LocalIssuer> {
  const trusted = await generateKeyPair('RS256');
  const untrusted = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(trusted.publicKey)), kid: 'test-key-1', use: 'sig', alg: 'RS256' };
  const server = http.createServer((req, res) => {
    res.writeHead(req.url === '/discovery/v2.0/keys' ? 200 : 404, { 'content-type': 'application/json' });
    res.end(req.url === '/discovery/v2.0/keys' ? JSON.stringify({ keys: [jwk] }) : '{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    jwksUrl: `http://127.0.0.1:${port}/discovery/v2.0/keys`,
    async sign(claims, opts = {}) {
      const now = Math.floor(Date.now() / 1000) - (opts.issuedAgoSeconds ?? 0);
      const key: KeyLike = opts.untrustedKey ? untrusted.privateKey : trusted.privateKey;
      return new SignJWT({ ver: '2.0', scp: 'access_as_user', ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: 'test-key-1', typ: 'JWT' })
        .setIssuedAt(now)
        .setNotBefore(now)
        .setExpirationTime(now + (opts.expiresInSeconds ?? 3600))
        .sign(key);
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
