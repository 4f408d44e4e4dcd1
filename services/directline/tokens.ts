/**
 * Tokens for the self-hosted Direct Line: HS256 JWTs signed with one server secret. Each kind has
 * its own audience so one can never stand in for another:
 *  - conversation: what the browser holds; binds a conversation id and a user id; expires (30 min
 *    by default) and is extended by /tokens/refresh;
 *  - stream: embedded in a streamUrl (browsers cannot set headers on a WebSocket); valid for 60 s
 *    to open the socket, as on Azure;
 *  - attachment: a capability in a download URL, bound to one stored file;
 *  - connector: what the bot's replies carry back to our Bot Connector endpoint.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';

const ISSUER = 'council-feedback-bot/directline';
const AUD = {
  conversation: 'directline:conversation',
  stream: 'directline:stream',
  attachment: 'directline:attachment',
  connector: 'directline:connector',
} as const;

export const STREAM_TOKEN_SECONDS = 60;
const CONNECTOR_TOKEN_SECONDS = 600;

export interface ConversationClaims {
  conversationId: string;
  userId: string;
  /**
   * A handoff link's token (services/handoff), when the website chat was opened from one: carried
   * in the conversation's first token so the bot's conversationUpdate can carry on from it.
   */
  handoff?: string;
}

export interface VerifiedConversation extends ConversationClaims {
  /** Seconds since the epoch when the token stops working. */
  expiresAt: number;
}

export type VerifyFailure = 'invalid' | 'expired';
export type Verified<T> = { ok: true; claims: T } | { ok: false; reason: VerifyFailure };

const ConversationPayload = z.object({ conv: z.string().min(1), sub: z.string().min(1), exp: z.number(), ho: z.string().max(200).optional() });
const AttachmentPayload = z.object({ sub: z.string().min(1), conv: z.string().min(1) });

export class DirectLineTokens {
  private readonly key: Uint8Array;
  private connectorToken?: { token: string; renewAt: number };

  constructor(
    secret: string,
    readonly ttlSeconds: number,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  private sign(payload: Record<string, string>, audience: string, seconds: number): Promise<string> {
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + seconds)
      .sign(this.key);
  }

  private async verify<T>(token: string, audience: string, schema: z.ZodType<T>): Promise<Verified<T>> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, audience, algorithms: ['HS256'] });
      const parsed = schema.safeParse(payload);
      return parsed.success ? { ok: true, claims: parsed.data } : { ok: false, reason: 'invalid' };
    } catch (err) {
      return { ok: false, reason: err instanceof errors.JWTExpired ? 'expired' : 'invalid' };
    }
  }

  async conversation(claims: ConversationClaims): Promise<{ token: string; expires_in: number }> {
    // `user` repeats the user id where Web Chat looks for it (as in Azure's tokens), so it shows
    // the resident's own messages on their side without being told who they are.
    const payload = { conv: claims.conversationId, sub: claims.userId, user: claims.userId, ...(claims.handoff ? { ho: claims.handoff } : {}) };
    return { token: await this.sign(payload, AUD.conversation, this.ttlSeconds), expires_in: this.ttlSeconds };
  }

  async verifyConversation(token: string): Promise<Verified<VerifiedConversation>> {
    const v = await this.verify(token, AUD.conversation, ConversationPayload);
    return v.ok ? { ok: true, claims: { conversationId: v.claims.conv, userId: v.claims.sub, expiresAt: v.claims.exp, ...(v.claims.ho ? { handoff: v.claims.ho } : {}) } } : v;
  }

  stream(claims: ConversationClaims): Promise<string> {
    return this.sign({ conv: claims.conversationId, sub: claims.userId }, AUD.stream, STREAM_TOKEN_SECONDS);
  }

  async verifyStream(token: string): Promise<Verified<ConversationClaims>> {
    const v = await this.verify(token, AUD.stream, ConversationPayload);
    return v.ok ? { ok: true, claims: { conversationId: v.claims.conv, userId: v.claims.sub } } : v;
  }

  attachment(fileId: string, conversationId: string, seconds: number): Promise<string> {
    return this.sign({ sub: fileId, conv: conversationId }, AUD.attachment, seconds);
  }

  async verifyAttachment(token: string): Promise<Verified<{ fileId: string; conversationId: string }>> {
    const v = await this.verify(token, AUD.attachment, AttachmentPayload);
    return v.ok ? { ok: true, claims: { fileId: v.claims.sub, conversationId: v.claims.conv } } : v;
  }

  /** One connector token, reused until a minute before it expires. */
  async connector(): Promise<string> {
    const now = Date.now();
    if (!this.connectorToken || now >= this.connectorToken.renewAt) {
      const token = await this.sign({ sub: 'bot' }, AUD.connector, CONNECTOR_TOKEN_SECONDS);
      this.connectorToken = { token, renewAt: now + (CONNECTOR_TOKEN_SECONDS - 60) * 1000 };
    }
    return this.connectorToken.token;
  }

  /**
   * A new conversation id that says by itself that this Direct Line made it: 22 random characters
   * and a 16-character HMAC of them. The bot can then refuse such a conversation on /api/messages
   * without asking the database (which may be down).
   */
  mintConversationId(): string {
    const random = randomBytes(16).toString('base64url');
    return `${random}${this.idTag(random)}`;
  }

  /** True for an id made by mintConversationId with this secret. */
  mintedConversationId(id: string): boolean {
    if (id.length !== 38) return false;
    const expected = Buffer.from(this.idTag(id.slice(0, 22)));
    const given = Buffer.from(id.slice(22));
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private idTag(random: string): string {
    return createHmac('sha256', this.key).update(`conversation-id:${random}`).digest('base64url').slice(0, 16);
  }

  async verifyConnector(token: string): Promise<boolean> {
    return (await this.verify(token, AUD.connector, z.object({ sub: z.literal('bot') }))).ok;
  }
}

/**
 * The signing secret: DIRECTLINE_TOKEN_SECRET when set; otherwise (local use only, the config
 * refuses this in production) a random one kept in DATA_DIR so tokens survive a restart.
 */
export async function loadTokenSecret(configured: string | undefined, dataDir: string): Promise<string> {
  if (configured) return configured;
  const file = path.join(dataDir, 'directline-token-secret');
  await fs.mkdir(dataDir, { recursive: true });
  try {
    await fs.writeFile(file, randomBytes(48).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const secret = (await fs.readFile(file, 'utf8')).trim();
  if (secret.length < 32) throw new Error(`${file} holds a secret shorter than 32 characters; delete it to have a new one made`);
  return secret;
}
