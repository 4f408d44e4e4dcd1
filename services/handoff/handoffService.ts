/**
 * Handoffs: a resident on a social channel (or a council's social media team, from its inbox)
 * gets a link to the website chat, and the website conversation carries on from what was said.
 *
 * A handoff is stored once, by random id, with what to carry over: the conversation so far (as
 * JSON text, so nothing a resident wrote is ever read as a query operator) or the message the
 * team passed on. Opening the link claims it by inserting `{_id: handoffId}` into a claims
 * collection; a unique insert is the one atomic step FerretDB 1.x offers, so of two tabs (or two
 * instances) opening the same link exactly one wins. Reads are by `_id` only.
 *
 * Records are kept until the link's expiry (so a retried claim from the same conversation still
 * finds them) and then purged.
 */
import { randomBytes } from 'node:crypto';
import type { Connection, Model } from 'mongoose';
import { Schema } from 'mongoose';
import { isDuplicateKey } from '../database/duplicateKey';
import type { Platform } from './channels';
import { HandoffLinks } from './handoffLinks';

export interface HandoffInput {
  platform: Platform;
  /** The resident's name or handle on the platform, for staff to recognise them. */
  handle?: string;
  /** From a conversation with the bot: the conversation so far. */
  draft?: Record<string, unknown>;
  /** From the social media team's inbox: what the resident wrote there. */
  message?: string;
}

export interface Handoff {
  id: string;
  origin: 'conversation' | 'inbox';
  platform: Platform;
  handle: string | null;
  draft: Record<string, unknown> | null;
  message: string | null;
  createdAt: Date;
  expiresAt: Date;
}

export interface IssuedHandoff {
  handoffId: string;
  link: string;
  expiresAt: Date;
}

export type Redeemed =
  | { ok: true; handoff: Handoff; /** The same conversation presented the link again (a reload). */ again: boolean }
  | { ok: false; reason: 'invalid' | 'expired' | 'used' };

interface HandoffDoc {
  _id: string;
  origin: 'conversation' | 'inbox';
  platform: string;
  handle: string | null;
  draftJson: string | null;
  message: string | null;
  createdAt: Date;
  expiresAt: Date;
}

interface ClaimDoc {
  _id: string;
  conversationId: string;
  claimedAt: Date;
  expiresAt: Date;
}

export interface HandoffServiceOptions {
  connection: Connection;
  /** Signs links; at least 32 characters. */
  secret: string;
  ttlMs: number;
  /** Where the website chat lives, e.g. https://chat.council.gov.uk (no trailing slash). */
  websiteBase: () => string;
  clock?: () => Date;
}

const handoffSchema = new Schema<HandoffDoc>(
  {
    _id: { type: String, required: true },
    origin: { type: String, required: true },
    platform: { type: String, required: true },
    handle: { type: String, default: null },
    draftJson: { type: String, default: null },
    message: { type: String, default: null },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'handoffs', versionKey: false, autoIndex: false },
);
handoffSchema.index({ expiresAt: 1 });

const claimSchema = new Schema<ClaimDoc>(
  {
    _id: { type: String, required: true },
    conversationId: { type: String, required: true },
    claimedAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'handoff_claims', versionKey: false, autoIndex: false },
);
claimSchema.index({ expiresAt: 1 });

function model<T>(connection: Connection, name: string, schema: Schema<T>): Model<T> {
  return (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema);
}

export class HandoffService {
  private readonly handoffs: Model<HandoffDoc>;
  private readonly claims: Model<ClaimDoc>;
  private readonly links: HandoffLinks;
  private readonly clock: () => Date;

  constructor(private readonly opts: HandoffServiceOptions) {
    this.handoffs = model(opts.connection, 'Handoff', handoffSchema);
    this.claims = model(opts.connection, 'HandoffClaim', claimSchema);
    this.links = new HandoffLinks(opts.secret);
    this.clock = opts.clock ?? (() => new Date());
  }

  get ttlMs(): number {
    return this.opts.ttlMs;
  }

  async create(input: HandoffInput, websiteBase?: string): Promise<IssuedHandoff> {
    if (!input.draft === !input.message) throw new Error('a handoff carries either a conversation draft or a message');
    const now = this.clock();
    const expiresAt = new Date(now.getTime() + this.opts.ttlMs);
    const id = `h${randomBytes(16).toString('base64url')}`;
    await this.handoffs.create({
      _id: id,
      origin: input.draft ? 'conversation' : 'inbox',
      platform: input.platform,
      handle: input.handle?.trim().slice(0, 100) || null,
      draftJson: input.draft ? JSON.stringify(input.draft) : null,
      message: input.message ?? null,
      createdAt: now,
      expiresAt,
    });
    const token = this.links.sign(id, expiresAt);
    const base = (websiteBase ?? this.opts.websiteBase()).replace(/\/+$/, '');
    return { handoffId: id, link: `${base}/chat?handoff=${token}`, expiresAt };
  }

  /** Claims the handoff a link names for one website conversation; only the first conversation wins. */
  async redeem(token: string, conversationId: string): Promise<Redeemed> {
    const now = this.clock();
    const check = this.links.verify(token, now);
    if (!check.ok) return check;
    const doc = await this.handoffs.findOne({ _id: check.handoffId }).lean<HandoffDoc>();
    if (!doc || doc.expiresAt <= now) return { ok: false, reason: 'expired' };

    let again = false;
    try {
      await this.claims.create({ _id: doc._id, conversationId, claimedAt: now, expiresAt: doc.expiresAt });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const claim = await this.claims.findOne({ _id: doc._id }).lean<ClaimDoc>();
      if (claim?.conversationId !== conversationId) return { ok: false, reason: 'used' };
      again = true;
    }
    return {
      ok: true,
      again,
      handoff: {
        id: doc._id,
        origin: doc.origin,
        platform: doc.platform as Platform,
        handle: doc.handle,
        draft: doc.draftJson ? (JSON.parse(doc.draftJson) as Record<string, unknown>) : null,
        message: doc.message,
        createdAt: doc.createdAt,
        expiresAt: doc.expiresAt,
      },
    };
  }

  /** Deletes handoffs and claims whose links have expired; returns how many handoffs went. */
  async purgeExpired(): Promise<number> {
    const now = this.clock();
    const gone = await this.handoffs.deleteMany({ expiresAt: { $lte: now } });
    await this.claims.deleteMany({ expiresAt: { $lte: now } });
    return gone.deletedCount ?? 0;
  }
}
