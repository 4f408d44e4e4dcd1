/**
 * Reports into the council's works system over Open311 GeoReport v2, and their status back.
 *
 * - Discovery: services.json (and the definitions of services with attributes) at start and on a
 *   schedule, kept in MongoDB so a conversation never waits for the endpoint; mapped to the pack's
 *   service areas (mapping.ts), what could not be mapped logged and listed in the tab.
 * - Sending: the conversation queues the case (one record per case) and a job posts it, so the
 *   resident has the bot's reference at once whatever state the endpoint is in. The scheduler
 *   retries an unreachable endpoint with backoff on whichever instance runs, once (its claims). A
 *   refusal (4xx) is not retried: its words go to staff in the case's thread and on the card.
 * - Status: a recurring job reads requests.json for open requests in batches, resolves tokens, and
 *   records changes on the case's timeline and card; a closed request is the service request's
 *   reply (the "report answered" letter) and is told to the resident in their chat.
 * - Unhappy: a resident unhappy with how a report was handled is offered a complaint on the same
 *   case; the request stays open in the works system and is still followed.
 */
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { CaseService, CaseView } from '../cases';
import type { JobContext } from '../scheduler/scheduler';
import type { JobStore } from '../scheduler/jobStore';
import type { PolicyPack } from '../policy/packSchema';
import type { ServiceArea } from '../../models/vocabulary';
import type { Actor } from '../../models/caseRecord';
import { open311En } from '../../locale/open311.en-GB';
import { Open311Client, Open311Rejected, Open311Unavailable, type NewRequest } from './client';
import { areasRun, chooseService, mapServices, type Choice, type Mapping } from './mapping';
import { Open311Store, type CatalogueDoc, type WorksRequestDoc } from './store';
import type { Attribute, Service } from './wire';
import type { WorksSummary } from './cardLines';

export type { WorksSummary } from './cardLines';

export const OPEN311_SEND_JOB = 'open311.send';
export const OPEN311_POLL_JOB = 'open311.poll';
export const OPEN311_DISCOVER_JOB = 'open311.discover';

/** How the works system appears on the case's timeline. */
export const WORKS_ACTOR: Actor = { id: 'open311', name: 'Works system (Open311)', role: 'system' };
/** Requests read per GET requests.json (a comma-separated list of ids in the query). */
export const POLL_BATCH = 50;

export interface WorksServiceDeps {
  client: Open311Client;
  store: Open311Store;
  cases: CaseService;
  pack: PolicyPack;
  jobs: JobStore;
  kick: () => void;
  /** A notice for staff in the case's Teams thread (refreshes its card); `key` makes it once only. */
  notice: (reference: string, key: string, text: string) => Promise<void>;
  /** Redraws the case's card in its Teams thread. */
  refreshCard: (reference: string) => Promise<void>;
  /** Says something in the resident's own chat; false when it cannot be reached. */
  tellResident: (conversationReference: Record<string, unknown>, text: string) => Promise<boolean>;
  /** A signed, expiring link to a file in the evidence store. */
  mediaUrl: (fileId: string) => string;
  /** Whether a resident's words say they are unhappy (the classifier). */
  unhappy: (text: string) => Promise<boolean>;
  logger: Logger;
  pollMinutes: number;
  discoveryHours: number;
  /** Attempts the scheduler makes before a job is given up. */
  maxAttempts: number;
  clock?: () => Date;
}

/** What the conversation settled about the works system before the case was opened. */
export interface WorksChoice {
  serviceCode: string;
  serviceName: string;
  attributes: Record<string, string | string[]>;
  shareContact: boolean;
}


/** A lat/long pair in what the resident gave as the location ("52.63, -1.13"), if there is one. */
export function latLong(location: string | null | undefined): { lat: number; long: number } | null {
  const m = /(-?\d{1,2}\.\d{3,})\s*,\s*(-?\d{1,3}\.\d{3,})/.exec(location ?? '');
  if (!m) return null;
  const lat = Number(m[1]);
  const long = Number(m[2]);
  return Math.abs(lat) <= 90 && Math.abs(long) <= 180 ? { lat, long } : null;
}

const slot = (at: Date, ms: number) => Math.floor(at.getTime() / ms);

export class WorksService {
  private catalogue?: CatalogueDoc | null;
  private mapping?: Mapping;
  private loadedAt = 0;
  private readonly clock: () => Date;

  constructor(private readonly deps: WorksServiceDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  get host(): string {
    return this.deps.client.host;
  }

  // ---- discovery and mapping -------------------------------------------------------------------

  /** Reads services.json and each service definition with attributes; keeps the last good catalogue when it fails. */
  async discover(): Promise<Mapping> {
    const now = this.clock();
    try {
      const services = await this.deps.client.services();
      const definitions: Record<string, Attribute[]> = {};
      for (const s of services.filter((x) => x.metadata)) {
        definitions[s.service_code] = (await this.deps.client.definition(s.service_code)).attributes;
      }
      const doc = { services, definitions, discoveredAt: now, lastError: null, lastTriedAt: now };
      await this.deps.store.saveCatalogue(doc);
      this.catalogue = { _id: this.deps.pack.id, ...doc };
      this.loadedAt = now.getTime();
      this.mapping = undefined;
      const mapping = await this.currentMapping();
      this.deps.logger.info({ services: services.length, unmappedAreas: mapping.unmappedAreas, unknownCodes: mapping.unknownCodes }, 'open311: services read');
      if (mapping.unmappedAreas.length) this.deps.logger.warn({ unmappedAreas: mapping.unmappedAreas }, 'open311: these service areas match no service of the works system; reports about them stay with staff (add them to the pack under open311.services)');
      return mapping;
    } catch (err) {
      await this.deps.store.catalogueFailed((err as Error).message, now);
      throw err;
    }
  }

  /**
   * The catalogue, from memory; read again from MongoDB after a minute, or at once while this
   * instance has none, so what another instance discovered is used here too.
   */
  private async loadCatalogue(): Promise<CatalogueDoc | null> {
    const stale = this.catalogue === undefined || !this.catalogue?.services.length || this.clock().getTime() - this.loadedAt > 60_000;
    if (stale) {
      const doc = await this.deps.store.loadCatalogue();
      const changed = doc?.discoveredAt?.getTime() !== this.catalogue?.discoveredAt?.getTime();
      this.catalogue = doc && { ...doc, services: doc.services ?? [], definitions: doc.definitions ?? {} };
      this.loadedAt = this.clock().getTime();
      if (changed) this.mapping = undefined;
    }
    return this.catalogue ?? null;
  }

  async currentMapping(): Promise<Mapping> {
    const cat = await this.loadCatalogue(); // first: a newer catalogue clears the mapping
    if (this.mapping) return this.mapping;
    this.mapping = mapServices(cat?.services ?? [], areasRun(this.deps.pack.services.runs), (this.deps.pack.open311?.services ?? {}) as Partial<Record<ServiceArea, string[]>>);
    return this.mapping;
  }

  /** True once services.json has been read (now or by an earlier run: the catalogue is kept in MongoDB). */
  async ready(): Promise<boolean> {
    return !!(await this.loadCatalogue())?.services.length;
  }

  /** The service a report goes to, from its service areas and the resident's words. */
  async choose(areas: readonly ServiceArea[], text: string): Promise<Choice> {
    const cat = await this.loadCatalogue();
    if (!cat?.services.length) return { kind: 'none' };
    return chooseService(await this.currentMapping(), areas, text, cat.services);
  }

  /** The questions a service's definition marks as required (variable attributes), in its order. */
  async requiredAttributes(code: string): Promise<Attribute[]> {
    const cat = await this.loadCatalogue();
    return (cat?.definitions[code] ?? []).filter((a) => a.variable && a.required).sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  }

  async service(code: string): Promise<Service | undefined> {
    return (await this.loadCatalogue())?.services.find((s) => s.service_code === code);
  }

  /** For the tab: what the endpoint offers and how the pack's areas map to it. */
  async overview() {
    const [cat, mapping] = [await this.loadCatalogue(), await this.currentMapping()];
    return {
      endpoint: this.host,
      discoveredAt: cat?.discoveredAt ?? null,
      lastError: cat?.lastError ?? null,
      services: (cat?.services ?? []).map((s) => ({ code: s.service_code, name: s.service_name, group: s.group ?? null })),
      mapped: mapping.areas.map((a) => ({ area: a.area, how: a.how, services: a.services.map((s) => ({ code: s.service_code, name: s.service_name })) })),
      unmappedAreas: mapping.unmappedAreas,
      unknownCodes: mapping.unknownCodes,
      unusedServices: mapping.unusedServices.map((s) => ({ code: s.service_code, name: s.service_name })),
    };
  }

  // ---- scheduling --------------------------------------------------------------------------------

  /** Schedules discovery now and the status poll; safe to call on every instance (jobs have fixed ids). */
  async start(): Promise<void> {
    const now = this.clock();
    await this.deps.jobs.schedule({ id: `${OPEN311_DISCOVER_JOB}:start:${slot(now, 60_000)}`, name: OPEN311_DISCOVER_JOB, runAt: now, data: { next: false } }, now);
    await this.scheduleDiscovery(now);
    await this.schedulePoll(now);
    this.deps.kick();
  }

  private async scheduleDiscovery(after: Date): Promise<void> {
    const every = this.deps.discoveryHours * 3_600_000;
    const next = slot(after, every) + 1;
    await this.deps.jobs.schedule({ id: `${OPEN311_DISCOVER_JOB}:${next}`, name: OPEN311_DISCOVER_JOB, runAt: new Date(next * every), data: { next: true } }, after);
  }

  private async schedulePoll(after: Date): Promise<void> {
    const every = this.deps.pollMinutes * 60_000;
    const next = slot(after, every) + 1;
    await this.deps.jobs.schedule({ id: `${OPEN311_POLL_JOB}:${next}`, name: OPEN311_POLL_JOB, runAt: new Date(next * every) }, after);
  }

  async runDiscoveryJob(job: JobContext): Promise<void> {
    if (job.data.next) await this.scheduleDiscovery(this.clock());
    await this.discover();
  }

  // ---- sending -----------------------------------------------------------------------------------

  /** Queues a case for the works system (once per case) and starts sending it in the background. */
  async queue(reference: string, choice: WorksChoice | null): Promise<void> {
    const now = this.clock();
    await this.deps.store.queue({
      _id: reference,
      serviceCode: choice?.serviceCode ?? null,
      serviceName: choice?.serviceName ?? null,
      attributes: choice?.attributes ?? {},
      shareContact: choice?.shareContact ?? false,
      queuedAt: now,
    });
    await this.deps.jobs.schedule({ id: `${OPEN311_SEND_JOB}:${reference}`, name: OPEN311_SEND_JOB, runAt: now, group: reference, data: { reference } }, now);
    this.deps.kick();
  }

  private note(reference: string, key: string, heading: string, text: string) {
    return this.deps.cases.addNote({ reference, commandId: `open311:${key}`, actor: WORKS_ACTOR, heading, text });
  }

  /** Builds the POST from the case as it is now: its words, where, the photo, and contact details only if agreed. */
  private async newRequest(view: CaseView, doc: WorksRequestDoc, serviceCode: string): Promise<NewRequest> {
    const where = latLong(view.location);
    const photo = view.evidence.find((e) => e.purpose !== 'authorisation' && e.contentType.startsWith('image/'));
    const share = doc.shareContact && !view.anonymous && !view.anonymisedAt;
    const name = share ? (view.resident.name ?? '').trim().split(/\s+/) : [];
    return {
      serviceCode,
      description: `${view.description}\n\nFeedback reference: ${view.reference}`.slice(0, 4000),
      ...(where ?? {}),
      addressString: view.location ?? undefined,
      ...(share
        ? {
            email: view.resident.email,
            phone: view.resident.phone,
            firstName: name.length > 1 ? name.slice(0, -1).join(' ') : name[0] || undefined,
            lastName: name.length > 1 ? name.at(-1) : undefined,
          }
        : {}),
      mediaUrl: photo ? this.deps.mediaUrl(photo.fileId) : undefined,
      attributes: doc.attributes,
    };
  }

  /** The send job: posts the case once; an unreachable endpoint throws so the scheduler retries. */
  async runSendJob(job: JobContext): Promise<void> {
    const reference = String(job.data.reference);
    const doc = await this.deps.store.get(reference);
    if (!doc || doc.state !== 'queued') return;
    const view = await this.deps.cases.getByReference(reference);
    if (!view) return;
    let code = doc.serviceCode;
    let name = doc.serviceName;
    if (!code) {
      // Never read yet (the endpoint was down since the bot started): read it now, or try again later.
      if (!(await this.ready())) await this.discover();
      const choice = await this.choose(view.serviceAreas, view.description);
      if (choice.kind !== 'one') {
        await this.deps.store.update(reference, { state: 'unmapped' });
        await this.deps.notice(reference, `open311:${reference}:unmapped`, `**Works system:** ${reference} matches no single service of the works system, so it was not sent there. Pass it on by hand.`);
        return;
      }
      code = choice.service.service_code;
      name = choice.service.service_name;
      await this.deps.store.update(reference, { serviceCode: code, serviceName: name });
    }
    try {
      const created = await this.deps.client.create(await this.newRequest(view, doc, code));
      if (created.service_request_id) {
        await this.recordId(reference, created.service_request_id, created.service_notice ?? null);
      } else if (created.token) {
        await this.deps.store.update(reference, { state: 'awaiting_id', token: created.token, serviceNotice: created.service_notice ?? null, sentAt: this.clock(), lastError: null });
        await this.note(reference, `${reference}:token`, 'Sent to the works system', `Sent to the works system as "${name}". It has not given its reference yet (token ${created.token}).`);
        await this.resolveToken(reference, created.token).catch(() => undefined); // the poll tries again
      } else {
        throw new Open311Unavailable('POST requests.json: the answer had neither a service_request_id nor a token');
      }
    } catch (err) {
      if (err instanceof Open311Rejected) return this.rejected(reference, err);
      const message = (err as Error).message;
      const last = job.attempt >= this.deps.maxAttempts;
      await this.deps.store.update(reference, { lastError: message, ...(last ? { state: 'failed' as const } : {}) });
      if (last) {
        await this.note(reference, `${reference}:failed`, 'Could not be sent to the works system', `The works system could not be reached after ${job.attempt} tries (${message}). Pass the report on by hand.`);
        await this.deps.notice(reference, `open311:${reference}:failed`, `**Works system:** ${reference} could not be sent after ${job.attempt} tries (${message}). Pass it on by hand.`);
        return;
      }
      throw err;
    }
  }

  private async rejected(reference: string, err: Open311Rejected): Promise<void> {
    await this.deps.store.update(reference, { state: 'rejected', rejection: err.reasons, lastError: null });
    await this.note(reference, `${reference}:rejected`, 'Refused by the works system', `The works system refused the report (${err.status}): ${err.reasons}`);
    await this.deps.notice(
      reference,
      `open311:${reference}:rejected`,
      `**Works system refused ${reference}** (${err.status}): ${err.reasons}\n\nCorrect it in the works system, or pass the report on by hand.`,
    );
  }

  /** The works system's reference is known: on the case, the card and in the resident's chat. */
  private async recordId(reference: string, id: string, notice: string | null): Promise<void> {
    const doc = await this.deps.store.get(reference);
    await this.deps.store.update(reference, { state: 'sent', serviceRequestId: id, serviceNotice: notice ?? doc?.serviceNotice ?? null, status: 'open', sentAt: doc?.sentAt ?? this.clock(), lastError: null });
    await this.note(reference, `${reference}:sent`, `Sent to the works system: their reference ${id}`, `Sent to the works system as "${doc?.serviceName ?? ''}". Their reference: ${id}.${notice ? ` Their notice: ${notice}` : ''}`);
    await this.deps.refreshCard(reference).catch((e: Error) => this.deps.logger.warn({ reference, err: e.message }, 'open311: could not refresh the card'));
    await this.tell(reference, open311En.theirReference(reference, id, notice));
  }

  private async tell(reference: string, text: string): Promise<void> {
    const record = await this.deps.cases.store.load(reference);
    if (!record?.conversationReference || record.anonymisedAt) return;
    const ok = await this.deps.tellResident(JSON.parse(record.conversationReference) as Record<string, unknown>, text).catch(() => false);
    if (!ok) this.deps.logger.info({ reference }, "open311: the resident's chat could not be reached with an update");
  }

  private async resolveToken(reference: string, token: string): Promise<boolean> {
    const answer = await this.deps.client.token(token);
    const id = answer.find((a) => a.service_request_id)?.service_request_id;
    if (!id) return false;
    await this.recordId(reference, id, null);
    return true;
  }

  // ---- status back ---------------------------------------------------------------------------------

  /** The poll job: the next one is scheduled first, so a failing endpoint cannot stop the schedule. */
  async runPollJob(): Promise<void> {
    await this.schedulePoll(this.clock());
    await this.poll();
  }

  /** Resolves tokens, then reads open requests in batches and records what changed. */
  async poll(): Promise<{ checked: number; changed: number }> {
    let checked = 0;
    let changed = 0;
    for (const doc of await this.deps.store.awaitingId(POLL_BATCH)) {
      if (doc.token && (await this.resolveToken(doc._id, doc.token))) changed++;
    }
    const open = await this.deps.store.open(1000);
    for (let i = 0; i < open.length; i += POLL_BATCH) {
      const batch = open.slice(i, i + POLL_BATCH);
      const byId = new Map(batch.map((d) => [d.serviceRequestId!, d]));
      const found = await this.deps.client.requests([...byId.keys()]);
      const now = this.clock();
      const changes: Array<() => Promise<void>> = [];
      const seen: string[] = [];
      for (const r of found) {
        const doc = byId.get(r.service_request_id);
        if (!doc) continue;
        checked++;
        seen.push(doc._id);
        const notes = r.status_notes?.trim() || null;
        if (r.status !== doc.status || notes !== doc.statusNotes) changes.push(() => this.statusChanged(doc, r.status, notes, r.updated_datetime ?? null));
      }
      // One after another: on FerretDB (one SQLite writer) recording them side by side was slower.
      for (const run of changes) await run();
      changed += changes.length;
      await this.deps.store.checked(seen, now);
    }
    return { checked, changed };
  }

  private async statusChanged(doc: WorksRequestDoc, status: string, notes: string | null, updated: string | null): Promise<void> {
    const reference = doc._id;
    const id = doc.serviceRequestId!;
    // One note and one notice per change, however often a poll that failed half-way is repeated.
    const key = `${reference}:status:${createHash('sha256').update(`${status}\n${updated ?? ''}\n${notes ?? ''}`).digest('hex').slice(0, 16)}`;
    await this.deps.store.update(reference, { status, statusNotes: notes, updatedDatetime: updated });
    await this.note(reference, key, `Works system: ${status === 'closed' ? 'done (closed)' : `status ${status}`}`, `Their reference ${id}: ${status}.${notes ? ` Notes: ${notes}` : ''}`).catch((err: Error) => {
      this.deps.logger.warn({ reference, err: err.message }, 'open311: could not record a status change on the case');
    });
    await this.deps.notice(reference, `open311:${key}`, `**Works system update for ${reference}** (their reference ${id}): ${status}${notes ? `\n\n${notes}` : ''}`);
    if (status !== 'closed') return;
    // Closed while still a service request: that is its reply (the letter offers a complaint), and the resident is told.
    const view = await this.deps.cases.getByReference(reference);
    if (view?.stage === 'service_request' && ['open', 'acknowledged', 'in_progress', 'awaiting_resident'].includes(view.status)) {
      await this.deps.cases.respond({ reference, commandId: `open311:${key}:reply`, actor: WORKS_ACTOR, summary: notes ?? 'The team have marked it as done.' });
    }
    await this.tell(reference, open311En.closed(reference, id, notes));
  }

  // ---- the card and the unhappy resident -------------------------------------------------------------

  /** Personal details removed from the case (retention or erasure): the answers and notes kept here go too. */
  async scrub(reference: string): Promise<void> {
    await this.deps.store.update(reference, { attributes: {}, statusNotes: null, serviceNotice: null });
  }

  async summary(reference: string): Promise<WorksSummary | null> {
    const d = await this.deps.store.get(reference);
    return d && { state: d.state, serviceName: d.serviceName, serviceRequestId: d.serviceRequestId, status: d.status, statusNotes: d.statusNotes, rejection: d.rejection, lastError: d.lastError };
  }

  /**
   * A resident writing about a report that went to the works system, unhappy with how it was
   * handled: what to offer them (null when it is not that). Only while the case is a service
   * request (answered or not): a complaint already made carries on as it is.
   */
  async complaintOffer(reference: string, text: string): Promise<{ reference: string; serviceRequestId: string | null } | null> {
    const doc = await this.deps.store.get(reference);
    if (!doc) return null;
    const view = await this.deps.cases.getByReference(reference);
    if (!view || (view.stage !== 'service_request' && !(view.stage === 'closed' && view.closedFromStage === 'service_request'))) return null;
    if (!(await this.deps.unhappy(text))) return null;
    return { reference, serviceRequestId: doc.serviceRequestId };
  }

  /** Makes the case a stage 1 complaint, linked to the works request, which stays open and followed. */
  async complain(reference: string, text: string, commandId: string): Promise<{ acknowledgeBy: string | null; respondBy: string | null }> {
    const doc = await this.deps.store.get(reference);
    const link = doc?.serviceRequestId ? ` (works system reference ${doc.serviceRequestId}, which stays open)` : '';
    const result = await this.deps.cases.convertToComplaint({
      reference,
      commandId,
      actor: { id: 'resident-chat', name: 'Resident, in the chat', role: 'system' },
      reason: `The resident is unhappy with how their report was handled${link}: ${text}`.slice(0, 5000),
    });
    await this.deps.notice(reference, `open311:${reference}:complaint:${commandId}`, `**${reference} is now a complaint:** the resident is unhappy with how their report was handled.${link ? ` The works request${link}.` : ''}`);
    return { acknowledgeBy: result.acknowledgeBy, respondBy: result.respondBy };
  }
}
