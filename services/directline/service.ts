/**
 * The Direct Line 3.0 protocol as the bot hosts it itself: conversations, tokens, posting,
 * history by watermark, uploads, and the bot's side (its replies through our Bot Connector
 * endpoint). Transport-free: bot/directLineRoutes.ts maps HTTP onto it, stream.ts the WebSocket.
 *
 * Trust: a conversation token (signed by us) names the conversation and the user. Ids in posted
 * bodies are ignored; everything a browser sends is parsed with zod and limited in size and rate.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Activity } from 'botbuilder';
import type { Logger } from 'pino';
import { z } from 'zod';
import { BotBridge, QueueFullError } from './botBridge';
import { DirectLineHub } from './hub';
import { RateDecision, TokenBuckets } from '../http/rateLimit';
import { BotActivity, clientActivitySchema, ClientActivity, describeProblem, uploadActivitySchema } from './schemas';
import { DirectLineActivity, DirectLineStore } from './store';
import { bearerToken } from '../http/bearerToken';
import { ConversationClaims, DirectLineTokens, VerifiedConversation } from './tokens';
import { AttachmentStore, UploadError } from './uploads';

export class DirectLineError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'DirectLineError';
  }
}

export interface DirectLineLimits {
  messageMaxChars: number;
  uploadMaxBytes: number;
  clientPerMinute: number;
  conversationPerMinute: number;
  newConversationsPerHour: number;
}

/** A limit counted somewhere other instances see too (services/http/sharedRateLimit.ts). */
export interface SharedLimit {
  take(key: string): Promise<RateDecision>;
}

export interface DirectLineOptions {
  store: DirectLineStore;
  /**
   * Limits that must hold across instances: messages per conversation and new conversations per
   * client address. In memory (this process only) when absent.
   */
  sharedLimits?: { perConversation: SharedLimit; newConversations: SharedLimit };
  attachments: AttachmentStore;
  tokens: DirectLineTokens;
  bridge: BotBridge;
  hub: DirectLineHub;
  logger: Logger;
  limits: DirectLineLimits;
  bot: { id: string; name: string };
  /** Where the bot sends its replies: our own base URL as the bot's process reaches it. */
  serviceUrl: () => string;
  /** How long the POST waits for the bot's turn before answering anyway. */
  turnWaitMs?: number;
}

export interface ConversationResponse {
  conversationId: string;
  token: string;
  expires_in: number;
  streamUrl?: string;
}

const NOT_OURS_REMEMBERED = 50_000;
const BOT_ATTACHMENT_URL_SECONDS = 7 * 24 * 3600;
const CLIENT_ATTACHMENT_URL_SECONDS = 24 * 3600;
const ATTACHMENT_PATH = /^\/v3\/attachments\/([0-9a-f]{24})$/;

const newId = (prefix: string) => `${prefix}${randomBytes(16).toString('base64url')}`;
const wsBase = (httpBase: string) => httpBase.replace(/^http/, 'ws');

export class DirectLineService {
  readonly hub: DirectLineHub;
  readonly tokens: DirectLineTokens;
  readonly store: DirectLineStore;
  readonly attachments: AttachmentStore;
  private readonly perClient: TokenBuckets;
  private readonly perConversation: SharedLimit;
  private readonly newConversations: SharedLimit;
  private readonly postSchema: ReturnType<typeof clientActivitySchema>;
  private readonly uploadSchema: ReturnType<typeof uploadActivitySchema>;
  private accepting = true;
  /** Conversation ids known not to be ours (see ownsConversation). */
  private readonly notOurs = new Set<string>();

  constructor(private readonly opts: DirectLineOptions) {
    ({ hub: this.hub, tokens: this.tokens, store: this.store, attachments: this.attachments } = opts);
    const { limits } = opts;
    this.perClient = new TokenBuckets(limits.clientPerMinute, 60_000);
    const local = (buckets: TokenBuckets): SharedLimit => ({ take: async (key) => buckets.take(key) });
    this.perConversation = opts.sharedLimits?.perConversation ?? local(new TokenBuckets(limits.conversationPerMinute, 60_000));
    this.newConversations = opts.sharedLimits?.newConversations ?? local(new TokenBuckets(limits.newConversationsPerHour, 3_600_000));
    this.postSchema = clientActivitySchema(limits.messageMaxChars);
    this.uploadSchema = uploadActivitySchema(limits.messageMaxChars);
  }

  // --- limits -------------------------------------------------------------------------------

  private refuse(d: RateDecision, message: (seconds: number) => string): void {
    if (!d.ok) throw new DirectLineError(429, message(d.retryAfterSeconds), { 'retry-after': String(d.retryAfterSeconds) });
  }

  /**
   * Every request from a client address counts against one bucket. Per instance: a flood guard
   * for this process, which a database write per request would only make costlier.
   */
  limitClient(client: string): void {
    this.refuse(this.perClient.take(client), (s) => `Too many requests from your connection. Please wait ${s} second${s === 1 ? '' : 's'} and try again.`);
  }

  private async limitConversation(conversationId: string): Promise<void> {
    this.refuse(await this.perConversation.take(conversationId), (s) => `You're sending messages too quickly. Please wait ${s} second${s === 1 ? '' : 's'} and try again.`);
  }

  async limitNewConversation(client: string): Promise<void> {
    this.refuse(await this.newConversations.take(client), (s) => `Too many new chats have been started from your connection. Please try again in ${Math.ceil(s / 60)} minute${Math.ceil(s / 60) === 1 ? '' : 's'}.`);
  }

  private checkAccepting(): void {
    if (!this.accepting) throw new DirectLineError(503, 'The chat is restarting; please try again in a moment.');
  }

  // --- tokens and conversations -------------------------------------------------------------

  /** Checks `Authorization: Bearer <conversation token>`, optionally for a given conversation. */
  async authorise(authorization: string | string[] | undefined, conversationId?: string): Promise<VerifiedConversation> {
    const token = bearerToken(authorization);
    if (!token) throw new DirectLineError(401, 'A Direct Line token is required (Authorization: Bearer <token>).');
    const v = await this.tokens.verifyConversation(token);
    if (!v.ok) {
      throw v.reason === 'expired'
        ? new DirectLineError(403, 'This chat session has expired. Reload the page to start a new chat.')
        : new DirectLineError(401, 'The Direct Line token is not valid.');
    }
    if (conversationId !== undefined && v.claims.conversationId !== conversationId) {
      throw new DirectLineError(403, 'This token belongs to another conversation.');
    }
    return v.claims;
  }

  /** A token for a new conversation, not yet started (POST /tokens/generate). */
  async generateToken(client: string, opts: { handoff?: string } = {}): Promise<ConversationResponse & { userId: string }> {
    this.checkAccepting();
    await this.limitNewConversation(client);
    const claims: ConversationClaims = { conversationId: this.tokens.mintConversationId(), userId: newId('dl_'), ...(opts.handoff ? { handoff: opts.handoff } : {}) };
    return { conversationId: claims.conversationId, userId: claims.userId, ...(await this.tokens.conversation(claims)) };
  }

  /**
   * POST /conversations. With a token from /tokens/generate, starts that conversation (200 if it
   * was already started); with none, starts a new one with a new user (self-hosted convenience).
   */
  async startConversation(authorization: string | string[] | undefined, client: string, publicBase: string): Promise<{ status: 200 | 201; body: ConversationResponse }> {
    this.checkAccepting();
    let claims: ConversationClaims;
    let token: string;
    let expiresIn: number;
    if (bearerToken(authorization)) {
      const v = await this.authorise(authorization);
      claims = v;
      token = bearerToken(authorization)!;
      expiresIn = Math.max(0, v.expiresAt - Math.floor(Date.now() / 1000));
    } else {
      await this.limitNewConversation(client);
      claims = { conversationId: this.tokens.mintConversationId(), userId: newId('dl_') };
      ({ token, expires_in: expiresIn } = await this.tokens.conversation(claims));
    }
    const created = await this.store.createConversation(claims.conversationId, claims.userId);
    if (created) {
      // The bot greets on conversationUpdate; it is not shown to clients (as on Azure). Opened from a
      // handoff link, it carries the link's token, so the bot carries on instead of greeting.
      const joined = { membersAdded: [{ id: this.opts.bot.id, name: this.opts.bot.name }, { id: claims.userId }], ...(claims.handoff ? { channelData: { handoff: claims.handoff } } : {}) };
      void this.opts.bridge
        .deliver(this.forBot(this.baseActivity(claims, 'conversationUpdate', newId('cu-')), joined))
        .catch(() => undefined);
    } else if ((await this.store.conversationUser(claims.conversationId)) !== claims.userId) {
      throw new DirectLineError(403, 'This token belongs to another conversation.');
    }
    const streamUrl = await this.streamUrl(claims, publicBase, undefined);
    return { status: created ? 201 : 200, body: { conversationId: claims.conversationId, token, expires_in: expiresIn, streamUrl } };
  }

  /** GET /conversations/{id}?watermark=: a new streamUrl that replays from the watermark. */
  async reconnect(authorization: string | string[] | undefined, conversationId: string, watermark: number, publicBase: string): Promise<ConversationResponse> {
    const claims = await this.authorise(authorization, conversationId);
    await this.requireConversation(claims);
    return {
      conversationId,
      token: bearerToken(authorization)!,
      expires_in: Math.max(0, claims.expiresAt - Math.floor(Date.now() / 1000)),
      streamUrl: await this.streamUrl(claims, publicBase, watermark),
    };
  }

  /** POST /tokens/refresh: the same conversation and user, a new expiry. */
  async refresh(authorization: string | string[] | undefined): Promise<ConversationResponse> {
    const { conversationId, userId } = await this.authorise(authorization); // a refreshed token needs no handoff
    return { conversationId, ...(await this.tokens.conversation({ conversationId, userId })) };
  }

  private async streamUrl(claims: ConversationClaims, publicBase: string, watermark: number | undefined): Promise<string> {
    const url = new URL(`${wsBase(publicBase)}/v3/directline/conversations/${encodeURIComponent(claims.conversationId)}/stream`);
    if (watermark !== undefined && watermark >= 0) url.searchParams.set('watermark', String(watermark));
    url.searchParams.set('t', await this.tokens.stream(claims));
    return url.toString();
  }

  /** The conversation must have been started, by this user. */
  async requireConversation(claims: ConversationClaims): Promise<void> {
    const user = await this.store.conversationUser(claims.conversationId);
    if (user === undefined) throw new DirectLineError(404, 'There is no such conversation; start one first (POST /v3/directline/conversations).');
    if (user !== claims.userId) throw new DirectLineError(403, 'This token belongs to another conversation.');
  }

  // --- the user's side ------------------------------------------------------------------------

  private baseActivity(claims: ConversationClaims, type: string, id: string): DirectLineActivity {
    return {
      type,
      id,
      timestamp: new Date().toISOString(),
      channelId: 'directline',
      conversation: { id: claims.conversationId },
      from: { id: claims.userId, role: 'user' },
      recipient: { id: this.opts.bot.id, name: this.opts.bot.name, role: 'bot' },
    };
  }

  /** The activity as the bot receives it: our serviceUrl and attachment links it can open. */
  private forBot(activity: DirectLineActivity, extra: Record<string, unknown> = {}): Partial<Activity> & { conversation: { id: string } } {
    const serviceUrl = this.opts.serviceUrl();
    return { ...activity, ...extra, serviceUrl, conversation: { id: (activity.conversation as { id: string }).id } } as Partial<Activity> & { conversation: { id: string } };
  }

  private async signAttachments(activity: DirectLineActivity, base: string, seconds: number, thumbnails = false): Promise<DirectLineActivity> {
    if (!Array.isArray(activity.attachments) || (activity.from as { role?: string } | undefined)?.role !== 'user') return activity;
    const conversationId = (activity.conversation as { id: string }).id;
    const attachments = await Promise.all(
      activity.attachments.map(async (a: unknown) => {
        const url = (a as { contentUrl?: unknown }).contentUrl;
        const m = typeof url === 'string' ? ATTACHMENT_PATH.exec(url) : null;
        if (!m) return a;
        const contentUrl = `${base}${url}?t=${await this.tokens.attachment(m[1], conversationId, seconds)}`;
        // Web Chat shows a resident's own photo only when it has a thumbnail (browsers cannot draw HEIC).
        const contentType = (a as { contentType?: unknown }).contentType;
        const picture = thumbnails && typeof contentType === 'string' && /^image\/(jpeg|png|gif|webp)$/.test(contentType);
        return { ...(a as object), contentUrl, ...(picture ? { thumbnailUrl: contentUrl } : {}) };
      }),
    );
    return { ...activity, attachments };
  }

  /** The activity as a browser receives it: no serviceUrl, attachment links signed for it. */
  present(activity: DirectLineActivity, publicBase: string): Promise<DirectLineActivity> {
    const { serviceUrl: _omit, ...rest } = activity;
    return this.signAttachments(rest as DirectLineActivity, publicBase, CLIENT_ATTACHMENT_URL_SECONDS, true);
  }

  async postActivity(authorization: string | string[] | undefined, conversationId: string, body: unknown): Promise<{ id: string }> {
    this.checkAccepting();
    const claims = await this.authorise(authorization, conversationId);
    await this.limitConversation(conversationId);
    await this.requireConversation(claims);
    const parsed = this.postSchema.safeParse(body);
    if (!parsed.success) throw new DirectLineError(400, describeProblem(parsed.error));
    return this.accept(claims, parsed.data, undefined);
  }

  async upload(authorization: string | string[] | undefined, conversationId: string, req: IncomingMessage): Promise<{ id: string }> {
    this.checkAccepting();
    const claims = await this.authorise(authorization, conversationId);
    await this.limitConversation(conversationId);
    await this.requireConversation(claims);
    if (!this.opts.bridge.hasRoom(conversationId)) throw new DirectLineError(429, new QueueFullError().message);
    let received;
    try {
      received = await this.attachments.receive(req, claims, this.opts.limits.uploadMaxBytes);
    } catch (err) {
      if (err instanceof UploadError) throw new DirectLineError(err.status, err.message);
      throw err;
    }
    const parsed = this.uploadSchema.safeParse(received.activity ?? { type: 'message' });
    if (!parsed.success) {
      await Promise.all(received.files.map((f) => this.attachments.delete(f.id)));
      throw new DirectLineError(400, describeProblem(parsed.error));
    }
    const attachments = received.files.map((f) => ({ contentType: f.contentType, contentUrl: `/v3/attachments/${f.id}`, name: f.name }));
    this.opts.logger.info({ files: received.files.map((f) => ({ id: f.id, contentType: f.contentType, size: f.size })) }, 'direct line: files received');
    return this.accept(claims, parsed.data, attachments);
  }

  /** Stores the user's activity, shows it on the streams, and runs the bot's turn for it. */
  private async accept(claims: ConversationClaims, input: Omit<ClientActivity, 'attachments'>, attachments: unknown[] | undefined): Promise<{ id: string }> {
    if (!this.opts.bridge.hasRoom(claims.conversationId)) throw new DirectLineError(429, new QueueFullError().message);
    const { activity } = await this.store.append(
      claims.conversationId,
      (id) => {
        const a: DirectLineActivity = { ...this.baseActivity(claims, input.type, id), ...dropUndefined({ ...input, type: undefined }) };
        if (attachments) a.attachments = attachments;
        return a;
      },
      (stored, watermark) => this.hub.publish(claims.conversationId, stored, watermark),
    );
    const turn = this.opts.bridge.deliver(this.forBot(await this.signAttachments(activity, this.opts.serviceUrl(), BOT_ATTACHMENT_URL_SECONDS)));
    // As on Azure, answer once the bot has taken its turn; a slow turn still gets its reply on the
    // stream, so after a while the message is simply confirmed.
    let timer: NodeJS.Timeout | undefined;
    const waited = await Promise.race([
      turn.then(
        () => 'done' as const,
        (err: unknown) => (err instanceof QueueFullError ? ('full' as const) : ('failed' as const)),
      ),
      new Promise<'slow'>((resolve) => (timer = setTimeout(() => resolve('slow'), this.opts.turnWaitMs ?? 15_000))),
    ]);
    clearTimeout(timer);
    if (waited === 'full') throw new DirectLineError(429, new QueueFullError().message); // raced with another post
    if (waited === 'failed') throw new DirectLineError(502, 'The bot could not answer that message. Please try again.');
    return { id: activity.id };
  }

  /** GET /conversations/{id}/activities?watermark= (polling clients). */
  async activitiesSince(authorization: string | string[] | undefined, conversationId: string, watermark: number, publicBase: string): Promise<{ activities: DirectLineActivity[]; watermark?: string }> {
    const claims = await this.authorise(authorization, conversationId);
    await this.requireConversation(claims);
    const rows = await this.store.since(conversationId, watermark);
    const last = rows.length ? rows[rows.length - 1].watermark : watermark;
    return {
      activities: await Promise.all(rows.map((r) => this.present(r.activity, publicBase))),
      ...(last >= 0 ? { watermark: String(last) } : {}),
    };
  }

  /**
   * Whether a conversation is one of ours. Ids we make carry their own proof, so the database is asked
   * only about ids from before that (a day's conversations at most, then none).
   */
  async ownsConversation(conversationId: string): Promise<boolean> {
    if (this.tokens.mintedConversationId(conversationId)) return true;
    // Every conversation started now gets a minted id, so an id that is neither minted nor stored
    // never will be ours: remembered, so another channel's conversation costs no lookup per turn.
    if (this.notOurs.has(conversationId)) return false;
    const ours = (await this.store.conversationUser(conversationId)) !== undefined;
    if (!ours) {
      this.notOurs.add(conversationId);
      if (this.notOurs.size > NOT_OURS_REMEMBERED) this.notOurs.delete(this.notOurs.values().next().value as string);
    }
    return ours;
  }

  // --- the bot's side (Bot Connector API) ------------------------------------------------------

  /** POST /v3/conversations/{id}/activities[/{replyToId}] from the bot. */
  async fromBot(conversationId: string, body: unknown, replyToId: string | undefined): Promise<{ id: string }> {
    const parsed = BotActivity.safeParse(body);
    if (!parsed.success) throw new DirectLineError(400, `Not a valid activity: ${describeProblem(parsed.error)}`);
    if ((await this.store.conversationUser(conversationId)) === undefined) throw new DirectLineError(404, 'There is no such Direct Line conversation.');
    const incoming = parsed.data as z.infer<typeof BotActivity> & { from?: Record<string, unknown> };
    const { serviceUrl: _s, id: _i, ...fields } = incoming as Record<string, unknown>;
    const from = { id: this.opts.bot.id, name: this.opts.bot.name, ...(incoming.from ?? {}), role: 'bot' };
    if (incoming.type === 'typing') {
      // Typing indicators are shown live and never stored (as on Azure).
      const id = newId('typing-');
      this.hub.publish(conversationId, { ...fields, type: 'typing', id, from, conversation: { id: conversationId }, channelId: 'directline', timestamp: new Date().toISOString() });
      return { id };
    }
    const { activity } = await this.store.append(
      conversationId,
      (id) => ({
        ...fields,
        type: incoming.type,
        id,
        timestamp: new Date().toISOString(),
        channelId: 'directline',
        conversation: { id: conversationId },
        from,
        ...(replyToId || incoming.replyToId ? { replyToId: replyToId ?? incoming.replyToId } : {}),
      }),
      (stored, watermark) => this.hub.publish(conversationId, stored, watermark),
    );
    return { id: activity.id };
  }

  // --- lifecycle --------------------------------------------------------------------------------

  /** Stops taking new activities and waits for the bot's turns in flight. */
  async stop(timeoutMs: number): Promise<void> {
    this.accepting = false;
    await this.opts.bridge.drain(timeoutMs);
  }
}

function dropUndefined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
