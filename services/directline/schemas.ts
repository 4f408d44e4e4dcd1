/**
 * What a browser may post as an activity, and what the bot may post back. Everything else in a
 * posted body (from, conversation, ids, timestamps, serviceUrl, recipient) is dropped: the channel
 * sets those itself, and the user id comes from the token only.
 */
import { z } from 'zod';

const MAX_JSON_BYTES = 16 * 1024;

const smallJson = <T extends z.ZodType>(schema: T, what: string) =>
  schema.refine((v) => v === undefined || JSON.stringify(v).length <= MAX_JSON_BYTES, `${what} must be at most 16 KB`);

export function clientActivitySchema(maxChars: number) {
  return z.object({
    type: z.enum(['message', 'event'], { message: 'type must be message or event' }),
    text: z
      .string({ message: 'text must be text' })
      .max(maxChars, { message: `Messages can be up to ${maxChars.toLocaleString('en-GB')} characters. Please shorten yours or send it in parts.` })
      .optional(),
    textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
    locale: z.string().max(35).optional(),
    localTimestamp: z.string().max(64).optional(),
    localTimezone: z.string().max(64).optional(),
    name: z.string().max(128).optional(),
    value: smallJson(z.unknown(), 'value').optional(),
    channelData: smallJson(z.record(z.string(), z.unknown()), 'channelData').optional(),
    entities: smallJson(z.array(z.record(z.string(), z.unknown())).max(10), 'entities').optional(),
    // Files travel through /upload; a URL posted here would make the bot fetch whatever it names.
    attachments: z.array(z.unknown()).max(0, { message: 'Send files with the upload button (POST .../upload), not as links.' }).optional(),
  });
}
export type ClientActivity = z.infer<ReturnType<typeof clientActivitySchema>>;

/** The part of an upload's `activity` part we keep (its attachments are described by the files). */
export function uploadActivitySchema(maxChars: number) {
  return clientActivitySchema(maxChars).omit({ attachments: true }).extend({ type: z.literal('message').default('message') });
}

/** An activity the bot sends through our Bot Connector endpoint. */
export const BotActivity = z.looseObject({
  type: z.string().min(1).max(64),
  text: z.string().max(100_000).optional(),
  replyToId: z.string().max(1024).optional(),
});

export const WatermarkParam = z
  .union([z.literal(''), z.string().regex(/^\d{1,12}$/, 'watermark must be a number from an earlier response')])
  .optional()
  .transform((w) => (w === undefined || w === '' ? -1 : Number(w)));

/** The first problem in a form a person can act on. */
export function describeProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The request was not valid.';
  // Our own messages are written as sentences; zod's defaults need the field named.
  if (/^[A-Z]/.test(issue.message)) return issue.message;
  const where = issue.path.join('.');
  return where ? `${where}: ${issue.message}` : issue.message;
}
