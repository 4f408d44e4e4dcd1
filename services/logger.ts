/**
 * Structured logs (pino). Logs carry case references and ids, never what a resident wrote or who
 * they are: the redaction list below is a safety net for fields that slip through.
 */
import pino, { Logger } from 'pino';

export const REDACTED_PATHS = [
  'text',
  '*.text',
  'message.text',
  'activity.text',
  'activity.from.name',
  'activity.attachments',
  'activity.value',
  'body',
  '*.body',
  'name',
  '*.name',
  'email',
  '*.email',
  'phone',
  '*.phone',
  'address',
  '*.address',
  'postcode',
  '*.postcode',
  'description',
  '*.description',
  'resident',
  '*.resident',
  'representative',
  '*.representative',
  'password',
  '*.password',
  'MicrosoftAppPassword',
  'OPENAI_API_KEY',
  'authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
];

export type { Logger };

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'council-feedback-bot' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
