/**
 * Checks a Teams tab's SSO token: a Microsoft Entra ID JWT signed with the tenant's published
 * keys, for this app (audience = its Application ID URI or client id), from an Entra issuer for
 * the token's own tenant (v1 or v2 tokens), from the council's tenant, and delegated: a person
 * signed in, with the app's `access_as_user` scope.
 */
import { createRemoteJWKSet, errors, JWTVerifyGetKey, jwtVerify } from 'jose';
import { z } from 'zod';

export class SsoTokenError extends Error {
  constructor(
    readonly status: 401 | 403 | 503,
    message: string,
  ) {
    super(message);
    this.name = 'SsoTokenError';
  }
}

const Claims = z.looseObject({
  tid: z.string().regex(/^[0-9a-fA-F-]{36}$/),
  oid: z.string().min(1).max(128),
  iss: z.string(),
  name: z.string().max(200).optional(),
  preferred_username: z.string().max(256).optional(),
  scp: z.string().max(1000).optional(),
});

/**
 * The delegated scope the app registration exposes for Teams SSO. A token without it was not got
 * by the Teams client for a signed-in person (an app-only token for this audience carries `roles`,
 * and its oid is an application's), so it does not stand for a member of staff.
 */
export const TAB_SCOPE = 'access_as_user';

export interface SsoIdentity {
  tenantId: string;
  aadObjectId: string;
  name: string;
}

export interface SsoVerifierOptions {
  audiences: string[];
  jwksUrl: string;
  /** Tokens from other tenants are refused (403); null = any tenant (local mode). */
  tenantId: string | null;
  openToAnyTenant: boolean;
  /** For tests: a key set other than the remote one. */
  keys?: JWTVerifyGetKey;
}

export class SsoVerifier {
  private keys?: JWTVerifyGetKey;

  constructor(private readonly opts: SsoVerifierOptions) {
    this.keys = opts.keys;
  }

  async verify(authorization: string | undefined): Promise<SsoIdentity> {
    if (this.opts.audiences.length === 0) {
      throw new SsoTokenError(503, 'Sign-in for the tab is not set up: set MicrosoftAppId and PUBLIC_URL, or TEAMS_SSO_AUDIENCE.');
    }
    const token = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(authorization ?? '')?.[1];
    if (!token) throw new SsoTokenError(401, 'Sign in through Microsoft Teams to use this tab.');
    this.keys ??= createRemoteJWKSet(new URL(this.opts.jwksUrl));
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, this.keys, { audience: this.opts.audiences, algorithms: ['RS256'], clockTolerance: 60 }));
    } catch (err) {
      if (err instanceof errors.JWTExpired) throw new SsoTokenError(401, 'Your sign-in has expired. Reload the tab.');
      if (err instanceof errors.JWTClaimValidationFailed && err.claim === 'aud') throw new SsoTokenError(401, 'This sign-in is not for this app.');
      throw new SsoTokenError(401, 'Your sign-in could not be checked. Reload the tab.');
    }
    const claims = Claims.safeParse(payload);
    if (!claims.success) throw new SsoTokenError(401, 'Your sign-in is missing who you are. Reload the tab.');
    const { tid, oid, iss } = claims.data;
    const issuers = [`https://login.microsoftonline.com/${tid}/v2.0`, `https://sts.windows.net/${tid}/`];
    if (!issuers.includes(iss)) throw new SsoTokenError(401, 'This sign-in was not issued by Microsoft Entra ID.');
    if (!(claims.data.scp ?? '').split(' ').includes(TAB_SCOPE)) throw new SsoTokenError(401, 'This sign-in is not a person signed in through Teams. Reload the tab.');
    if (!this.opts.openToAnyTenant && tid.toLowerCase() !== this.opts.tenantId) {
      throw new SsoTokenError(403, 'This app only serves the council\'s own Microsoft 365 organisation.');
    }
    return { tenantId: tid.toLowerCase(), aadObjectId: oid, name: claims.data.name ?? claims.data.preferred_username ?? 'Staff member' };
  }
}
