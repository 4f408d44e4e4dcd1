/**
 * Azure Bot Service mode: the server swaps the Direct Line secret for a short-lived token bound to
 * one conversation and one user, at Azure's token endpoint. The secret never reaches the browser.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

const AzureTokenResponse = z.object({
  conversationId: z.string().min(1),
  token: z.string().min(1),
  expires_in: z.number().int().positive(),
});
export type AzureToken = z.infer<typeof AzureTokenResponse>;

export class AzureTokenError extends Error {
  constructor(readonly status: number | undefined) {
    super(status ? `Azure Direct Line refused the token request (HTTP ${status})` : 'Azure Direct Line could not be reached');
    this.name = 'AzureTokenError';
  }
}

/**
 * A user id for Azure: "dl_" plus random hex, the form Azure's enhanced authentication expects
 * for ids chosen by the site rather than the browser.
 */
export function newDirectLineUserId(): string {
  return `dl_${randomBytes(16).toString('hex')}`;
}

export async function exchangeSecretForToken(opts: {
  endpoint: string;
  secret: string;
  userId: string;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}): Promise<AzureToken> {
  const doFetch = opts.fetchImpl ?? fetch;
  let res: Response;
  try {
    res = await doFetch(`${opts.endpoint.replace(/\/+$/, '')}/tokens/generate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${opts.secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ user: { id: opts.userId } }),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
  } catch {
    throw new AzureTokenError(undefined);
  }
  if (!res.ok) throw new AzureTokenError(res.status);
  const parsed = AzureTokenResponse.safeParse(await res.json().catch(() => undefined));
  if (!parsed.success) throw new AzureTokenError(res.status);
  return parsed.data;
}
