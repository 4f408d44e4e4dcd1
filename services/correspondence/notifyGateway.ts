/**
 * GOV.UK Notify through its official client (`notifications-node-client`): one generic template
 * per channel carries the subject and body the bot writes, so the wording stays in the project
 * (locale/correspondence.en-GB.ts) and a council pastes four templates into Notify once.
 * Errors are sorted into "try again later" (429, 5xx, network) and "will never work" (400, 403:
 * a bad template, a bad key, an address Notify refuses), which staff must be told about.
 */
import { NotifyClient } from 'notifications-node-client';
import type { DeliveryChannel } from '../../models/correspondence';

export interface NotifyTemplates {
  email?: string;
  sms?: string;
  letter?: string;
  largePrintLetter?: string;
}

export interface NotifySettings {
  apiKey: string;
  baseUrl?: string;
  templates: NotifyTemplates;
  emailReplyToId?: string;
  smsSenderId?: string;
  /** Bound on each request to Notify (the client sets none). */
  timeoutMs?: number;
}

export interface OutgoingLetter {
  channel: DeliveryChannel;
  to: string;
  addressLines: string[] | null;
  largePrint: boolean;
  subject: string;
  body: string;
  /** Our id for the message; Notify keeps it as `reference`, so a send can be found again after a crash. */
  reference: string;
}

export class NotifyRejected extends Error {
  constructor(
    readonly status: number,
    /** Notify's own error names and messages; they never contain the message text. */
    readonly detail: string,
  ) {
    super(`Notify refused the message (${status}): ${detail}`);
    this.name = 'NotifyRejected';
  }
}

export class NotifyUnavailable extends Error {
  constructor(readonly status: number | null, detail: string) {
    super(`Notify could not be reached${status ? ` (${status})` : ''}: ${detail}`);
    this.name = 'NotifyUnavailable';
  }
}

interface AxiosLikeError {
  response?: { status: number; data?: { errors?: Array<{ error?: string; message?: string }> } };
  code?: string;
  message?: string;
}

function classify(err: unknown): Error {
  const e = err as AxiosLikeError;
  const status = e.response?.status;
  if (!status) return new NotifyUnavailable(null, e.code ?? e.message ?? 'no response');
  const detail = (e.response?.data?.errors ?? []).map((x) => [x.error, x.message].filter(Boolean).join(': ')).join('; ').slice(0, 500) || `HTTP ${status}`;
  if (status === 429 || status >= 500) return new NotifyUnavailable(status, detail);
  return new NotifyRejected(status, detail);
}

/** Notify's longest text message: 918 characters (6 fragments). */
export const SMS_MAX_CHARS = 918;

export class NotifyGateway {
  private readonly client: NotifyClient;

  constructor(private readonly settings: NotifySettings) {
    this.client = settings.baseUrl ? new NotifyClient(settings.baseUrl, settings.apiKey) : new NotifyClient(settings.apiKey);
    // The client gives axios no timeout; a stalled Notify must not hold a job for ever.
    const api = (this.client as unknown as { apiClient: { restClient: (o: object) => Promise<unknown> } }).apiClient;
    const send = api.restClient;
    const timeout = settings.timeoutMs ?? 15_000;
    this.client.setClient(((options: object) => send({ ...options, timeout })) as never);
  }

  /** The template for this letter, or null when the council has not set one up. */
  templateFor(channel: DeliveryChannel, largePrint: boolean): string | null {
    const t = this.settings.templates;
    if (channel === 'letter') return (largePrint ? t.largePrintLetter : undefined) ?? t.letter ?? null;
    return t[channel] ?? null;
  }

  /** Sends one message; returns Notify's id for it. */
  async send(letter: OutgoingLetter): Promise<{ id: string }> {
    const template = this.templateFor(letter.channel, letter.largePrint);
    if (!template) throw new NotifyRejected(400, `no ${letter.channel} template is set up`);
    try {
      const response =
        letter.channel === 'email'
          ? await this.client.sendEmail(template, letter.to, {
              personalisation: { subject: letter.subject, body: letter.body },
              reference: letter.reference,
              ...(this.settings.emailReplyToId ? { emailReplyToId: this.settings.emailReplyToId } : {}),
            })
          : letter.channel === 'sms'
            ? await this.client.sendSms(template, letter.to, {
                personalisation: { body: letter.body },
                reference: letter.reference,
                ...(this.settings.smsSenderId ? { smsSenderId: this.settings.smsSenderId } : {}),
              })
            : await this.client.sendLetter(template, { personalisation: { ...letterAddress(letter.addressLines ?? []), subject: letter.subject, body: letter.body }, reference: letter.reference });
      return { id: (response.data as { id: string }).id };
    } catch (err) {
      throw classify(err);
    }
  }

  /** What Notify holds under our reference (to find a message sent just before a crash). */
  async findByReference(reference: string): Promise<{ id: string; status: string } | null> {
    try {
      const response = await this.client.getNotifications(undefined, undefined, reference);
      const found = (response.data as { notifications?: Array<{ id: string; status: string; reference?: string }> }).notifications ?? [];
      const match = found.find((n) => n.reference === reference);
      return match ? { id: match.id, status: match.status } : null;
    } catch (err) {
      throw classify(err);
    }
  }
}

function letterAddress(lines: string[]): Record<string, string> {
  return Object.fromEntries(lines.slice(0, 7).map((line, i) => [`address_line_${i + 1}`, line]));
}
