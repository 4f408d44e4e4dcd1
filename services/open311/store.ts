/**
 * What the bot keeps about the works system: the catalogue read from services.json (with the
 * definitions of services that have attributes), and one record per case sent to it, keyed by the
 * case reference so a case is sent once. Kept out of the case record itself: the case's timeline
 * says what happened, this says where the request stands in the works system.
 */
import type { Collection, Connection } from 'mongoose';
import type { Attribute, Service } from './wire';

export interface CatalogueDoc {
  _id: string;
  services: Service[];
  /** Attributes of the services with metadata, by service code. */
  definitions: Record<string, Attribute[]>;
  discoveredAt: Date | null;
  lastError: string | null;
  lastTriedAt: Date;
}

export const REQUEST_STATES = ['queued', 'awaiting_id', 'sent', 'rejected', 'failed', 'unmapped'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

export interface WorksRequestDoc {
  /** The case reference. */
  _id: string;
  council: string;
  /** Chosen in the conversation; null: chosen when sending, from the case's service areas and words. */
  serviceCode: string | null;
  serviceName: string | null;
  attributes: Record<string, string | string[]>;
  /** The resident agreed that their name and contact details go to the works team. */
  shareContact: boolean;
  state: RequestState;
  serviceRequestId: string | null;
  token: string | null;
  serviceNotice: string | null;
  /** The works system's status (open, closed, or its own words) and notes, as last read. */
  status: string | null;
  statusNotes: string | null;
  updatedDatetime: string | null;
  /** The endpoint's words when it refused the request (a 400), for staff. */
  rejection: string | null;
  lastError: string | null;
  queuedAt: Date;
  sentAt: Date | null;
  checkedAt: Date | null;
}

export class Open311Store {
  readonly requests: Collection<WorksRequestDoc>;
  readonly catalogue: Collection<CatalogueDoc>;
  private indexed?: Promise<void>;

  constructor(connection: Connection, private readonly council: string) {
    this.requests = connection.collection<WorksRequestDoc>('open311_requests');
    this.catalogue = connection.collection<CatalogueDoc>('open311_catalogue');
  }

  ensureIndexes(): Promise<void> {
    this.indexed ??= this.requests.createIndex({ state: 1, status: 1 }).then(
      () => undefined,
      (err) => {
        this.indexed = undefined;
        throw err;
      },
    );
    return this.indexed;
  }

  /** True when queued now; false when this case was queued before (a retried turn). */
  async queue(doc: Omit<WorksRequestDoc, 'council' | 'state' | 'serviceRequestId' | 'token' | 'serviceNotice' | 'status' | 'statusNotes' | 'updatedDatetime' | 'rejection' | 'lastError' | 'sentAt' | 'checkedAt'>): Promise<boolean> {
    await this.ensureIndexes();
    try {
      await this.requests.insertOne({
        ...doc,
        council: this.council,
        state: 'queued',
        serviceRequestId: null,
        token: null,
        serviceNotice: null,
        status: null,
        statusNotes: null,
        updatedDatetime: null,
        rejection: null,
        lastError: null,
        sentAt: null,
        checkedAt: null,
      });
      return true;
    } catch (err) {
      if ((err as { code?: number }).code === 11000) return false;
      throw err;
    }
  }

  get(reference: string): Promise<WorksRequestDoc | null> {
    return this.requests.findOne({ _id: reference });
  }

  async update(reference: string, set: Partial<WorksRequestDoc>): Promise<void> {
    await this.requests.updateOne({ _id: reference }, { $set: set });
  }

  async checked(references: readonly string[], at: Date): Promise<void> {
    if (references.length) await this.requests.updateMany({ _id: { $in: [...references] } }, { $set: { checkedAt: at } });
  }

  /** Requests the poller reads: sent and not closed, least recently checked first. */
  open(limit: number): Promise<WorksRequestDoc[]> {
    return this.requests.find({ council: this.council, state: 'sent', status: { $ne: 'closed' } }).sort({ checkedAt: 1 }).limit(limit).toArray();
  }

  awaitingId(limit: number): Promise<WorksRequestDoc[]> {
    return this.requests.find({ council: this.council, state: 'awaiting_id' }).sort({ queuedAt: 1 }).limit(limit).toArray();
  }

  loadCatalogue(): Promise<CatalogueDoc | null> {
    return this.catalogue.findOne({ _id: this.council });
  }

  async saveCatalogue(doc: Omit<CatalogueDoc, '_id'>): Promise<void> {
    await this.catalogue.replaceOne({ _id: this.council }, doc, { upsert: true });
  }

  async catalogueFailed(error: string, at: Date): Promise<void> {
    await this.catalogue.updateOne(
      { _id: this.council },
      { $set: { lastError: error, lastTriedAt: at }, $setOnInsert: { services: [], definitions: {}, discoveredAt: null } },
      { upsert: true },
    );
  }
}
