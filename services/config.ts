/**
 * Every environment variable the bot reads, parsed once by one zod schema into a typed config.
 * A bad or missing value stops startup with one message that lists every problem.
 */
import { z } from 'zod';

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const port = (fallback: number) =>
  z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ message: 'must be a whole number between 0 and 65535 (0 picks any free port)' })
      .int('must be a whole number between 0 and 65535 (0 picks any free port)')
      .min(0, 'must be a whole number between 0 and 65535 (0 picks any free port)')
      .max(65535, 'must be a whole number between 0 and 65535 (0 picks any free port)')
      .default(fallback),
  );
const positiveInt = (fallback: number, what: string) =>
  z.preprocess(
    emptyToUndefined,
    z.coerce.number({ message: `must be ${what}` }).int(`must be ${what}`).positive(`must be ${what}`).default(fallback),
  );
const booleanFlag = (fallback: boolean) =>
  z.preprocess(
    emptyToUndefined,
    z
      .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
      .default(fallback ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1'),
  );

/** WCAG contrast ratio of a #rrggbb colour against white: the web chat puts white text on it. */
function contrastWithWhite(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return 1.05 / (luminance + 0.05);
}

export const ConfigSchema = z
  .object({
    NODE_ENV: z.preprocess(
      emptyToUndefined,
      z.enum(['development', 'test', 'production'], { message: 'must be development, test or production' }).default('development'),
    ),
    PORT: port(3978),
    // Loopback unless the council opens it up: see README's security section for what that exposes.
    HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
    PUBLIC_URL: z.preprocess(emptyToUndefined, z.url({ message: 'must be an absolute http(s) URL' }).optional()),
    LOG_LEVEL: z.preprocess(
      emptyToUndefined,
      z
        .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
          message: 'must be one of fatal, error, warn, info, debug, trace, silent',
        })
        .default('info'),
    ),

    // Bot Framework channel authentication; all empty = local mode.
    MicrosoftAppId: optionalString,
    MicrosoftAppPassword: optionalString,
    MicrosoftAppTenantId: optionalString,
    MicrosoftAppType: z.preprocess(
      emptyToUndefined,
      z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'], { message: 'must be MultiTenant, SingleTenant or UserAssignedMSI' }).optional(),
    ),

    // Staff in Microsoft Teams (see services/teams). Empty tenant and no credentials = every tenant (local mode).
    TEAMS_TENANT_ID: z.preprocess(emptyToUndefined, z.string().regex(/^[0-9a-fA-F-]{36}$/, 'must be a Microsoft Entra tenant id (a GUID)').optional()),
    TEAMS_SSO_AUDIENCE: optionalString,
    TEAMS_SSO_JWKS_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL' }).optional()),
    TEAMS_BOOTSTRAP_MANAGERS: optionalString,
    // Local mode only: Teams activities from this machine are served without authentication (a trial).
    ALLOW_LOCAL_STAFF: booleanFlag(false),
    TEAMS_APP_ID: z.preprocess(emptyToUndefined, z.string().regex(/^[0-9a-fA-F-]{36}$/, 'must be a GUID').optional()),

    // Database: an external MongoDB when set, otherwise the embedded FerretDB.
    MONGODB_URI: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^mongodb(\+srv)?:\/\/\S+$/, 'must start with mongodb:// or mongodb+srv://')
        .optional(),
    ),
    DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('.data')),
    FERRETDB_BIN: optionalString,
    DB_CONNECT_MAX_BACKOFF_MS: positiveInt(30000, 'a positive whole number of milliseconds'),
    SHUTDOWN_TIMEOUT_MS: positiveInt(10000, 'a positive whole number of milliseconds'),

    COUNCIL: z.preprocess(emptyToUndefined, z.string().regex(/^[a-z0-9-]+$/, 'must be a pack id such as default or leicester').default('default')),

    // Website chat (Web Chat) and its Direct Line connection. See .env.example.
    WEBCHAT_TITLE: z.preprocess(emptyToUndefined, z.string().max(80, 'must be at most 80 characters').optional()),
    WEBCHAT_PRIMARY_COLOUR: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour written as #rrggbb, such as #1d4f91')
        .refine((c) => contrastWithWhite(c) >= 4.5, 'must be dark enough for white text on it (a contrast ratio of at least 4.5:1)')
        .default('#1d4f91'),
    ),
    PRIVACY_NOTICE_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL' }).optional()),
    DIRECTLINE_SECRET: optionalString,
    DIRECTLINE_ENDPOINT: z.preprocess(
      emptyToUndefined,
      z.url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL such as https://europe.directline.botframework.com/v3/directline' }).default('https://directline.botframework.com/v3/directline'),
    ),
    DIRECTLINE_TOKEN_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, 'must be at least 32 characters (for example, openssl rand -base64 48)').optional()),
    DIRECTLINE_TOKEN_TTL_SECONDS: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number({ message: 'must be a whole number of seconds between 60 and 86400' })
        .int('must be a whole number of seconds between 60 and 86400')
        .min(60, 'must be a whole number of seconds between 60 and 86400')
        .max(86400, 'must be a whole number of seconds between 60 and 86400')
        .default(1800),
    ),
    // How streams learn what other instances store (services/directline/liveFeed.ts).
    DIRECTLINE_LIVE_FEED: z.preprocess(
      emptyToUndefined,
      z.enum(['auto', 'change-streams', 'polling', 'off'], { message: 'must be auto, change-streams, polling or off' }).default('auto'),
    ),
    UPLOAD_MAX_BYTES: positiveInt(10 * 1024 * 1024, 'a positive whole number of bytes'),
    MESSAGE_MAX_CHARS: positiveInt(4000, 'a positive whole number of characters'),
    RATE_LIMIT_CLIENT_PER_MINUTE: positiveInt(600, 'a positive whole number of requests'),
    RATE_LIMIT_CONVERSATION_PER_MINUTE: positiveInt(60, 'a positive whole number of messages'),
    RATE_LIMIT_NEW_CONVERSATIONS_PER_HOUR: positiveInt(100, 'a positive whole number of conversations'),
    TRUST_PROXY: booleanFlag(false),
    // Read by bot/sourceMaps.ts before this schema is loaded; listed here so it is documented and checked.
    LOG_SOURCE_MAPS: booleanFlag(false),

    // Social media handoff: signed, single-use links from social channels to the website chat.
    HANDOFF_LINK_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, 'must be at least 32 characters (for example, openssl rand -base64 48)').optional()),
    HANDOFF_LINK_HOURS: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number({ message: 'must be a whole number of hours between 1 and 168' })
        .int('must be a whole number of hours between 1 and 168')
        .min(1, 'must be a whole number of hours between 1 and 168')
        .max(168, 'must be a whole number of hours between 1 and 168')
        .default(24),
    ),
    HANDOFF_API_KEY: z.preprocess(emptyToUndefined, z.string().min(32, 'must be at least 32 characters (for example, openssl rand -base64 32)').optional()),
    RATE_LIMIT_HANDOFFS_PER_MINUTE: positiveInt(30, 'a positive whole number of requests'),

    // Classifier: offline rules always; OpenAI (or a compatible server) improves them when a key is set.
    OPENAI_API_KEY: optionalString,
    OPENAI_BASE_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL' }).optional()),
    OPENAI_MODEL: z.preprocess(emptyToUndefined, z.string().max(100).default('gpt-4o-mini')),
    OPENAI_TIMEOUT_MS: positiveInt(10000, 'a positive whole number of milliseconds'),

    // Cases: after this London time (HH:MM) a message counts as received on the next working day.
    CASE_CUTOFF: z.preprocess(emptyToUndefined, z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time such as 17:00').optional()),

    // Written correspondence through GOV.UK Notify (email, text message, letter). No key: nothing is sent,
    // and each message is kept on the case as "not sent". Template ids are those of the templates in README.
    NOTIFY_API_KEY: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^\S+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a GOV.UK Notify API key (its name, then the service id and the secret, as Notify shows it)')
        .optional(),
    ),
    NOTIFY_BASE_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL' }).optional()),
    NOTIFY_EMAIL_TEMPLATE_ID: z.preprocess(emptyToUndefined, z.guid({ message: 'must be a Notify template id (a UUID)' }).optional()),
    NOTIFY_SMS_TEMPLATE_ID: z.preprocess(emptyToUndefined, z.guid({ message: 'must be a Notify template id (a UUID)' }).optional()),
    NOTIFY_LETTER_TEMPLATE_ID: z.preprocess(emptyToUndefined, z.guid({ message: 'must be a Notify template id (a UUID)' }).optional()),
    NOTIFY_LARGE_PRINT_LETTER_TEMPLATE_ID: z.preprocess(emptyToUndefined, z.guid({ message: 'must be a Notify template id (a UUID)' }).optional()),
    NOTIFY_EMAIL_REPLY_TO_ID: z.preprocess(emptyToUndefined, z.guid({ message: 'must be a Notify reply-to address id (a UUID)' }).optional()),
    NOTIFY_SMS_SENDER_ID: z.preprocess(emptyToUndefined, z.guid({ message: 'must be a Notify text message sender id (a UUID)' }).optional()),
    // The bearer token the council sets for delivery receipts in Notify (API integration > Callbacks).
    NOTIFY_CALLBACK_TOKEN: z.preprocess(emptyToUndefined, z.string().min(32, 'must be at least 32 characters (for example, openssl rand -base64 32)').optional()),

    // The council's works system over Open311 GeoReport v2 (FixMyStreet Pro, Confirm, Alloy...). No endpoint: nothing is sent.
    OPEN311_ENDPOINT: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL, the base under which services.json is served' }).optional()),
    OPEN311_API_KEY: optionalString,
    OPEN311_JURISDICTION: z.preprocess(emptyToUndefined, z.string().max(200, 'must be at most 200 characters').optional()),
    OPEN311_POLL_MINUTES: positiveInt(15, 'a positive whole number of minutes'),
    OPEN311_DISCOVERY_HOURS: positiveInt(6, 'a positive whole number of hours'),
    OPEN311_TIMEOUT_MS: positiveInt(10000, 'a positive whole number of milliseconds'),
    OPEN311_MEDIA_LINK_DAYS: z.preprocess(
      emptyToUndefined,
      z.coerce.number({ message: 'must be a whole number of days between 1 and 90' }).int('must be a whole number of days between 1 and 90').min(1, 'must be a whole number of days between 1 and 90').max(90, 'must be a whole number of days between 1 and 90').default(14),
    ),

    // Resident conversation.
    RESUME_AFTER_MINUTES: positiveInt(30, 'a positive whole number of minutes'),
  });

export type Config = z.infer<typeof ConfigSchema> & { localMode: boolean };

/** Checks between variables, run on the raw values so they are listed together with field problems. */
function crossFieldProblems(env: NodeJS.ProcessEnv): string[] {
  const set = (k: string) => typeof env[k] === 'string' && env[k]!.trim() !== '';
  const problems: string[] = [];
  if (env.MicrosoftAppType === 'SingleTenant' && !set('MicrosoftAppTenantId')) {
    problems.push('MicrosoftAppTenantId is required when MicrosoftAppType is SingleTenant');
  }
  if (set('MicrosoftAppId') && !set('MicrosoftAppPassword') && env.MicrosoftAppType !== 'UserAssignedMSI') {
    problems.push('MicrosoftAppPassword is required when MicrosoftAppId is set');
  }
  if (!set('MicrosoftAppId') && (set('MicrosoftAppPassword') || set('MicrosoftAppTenantId') || set('MicrosoftAppType'))) {
    problems.push('MicrosoftAppId is required when MicrosoftAppPassword, MicrosoftAppTenantId or MicrosoftAppType is set');
  }
  if (set('MicrosoftAppId') && ['true', '1'].includes(String(env.ALLOW_LOCAL_STAFF))) {
    problems.push('ALLOW_LOCAL_STAFF is for local mode only (no MicrosoftAppId); with credentials, Teams activities are authenticated');
  }
  if (env.NODE_ENV === 'production' && !set('DIRECTLINE_SECRET') && !set('DIRECTLINE_TOKEN_SECRET')) {
    problems.push('DIRECTLINE_TOKEN_SECRET is required in production when the bot hosts its own Direct Line (DIRECTLINE_SECRET is not set)');
  }
  if (env.NODE_ENV === 'production' && !set('HANDOFF_LINK_SECRET') && !set('DIRECTLINE_TOKEN_SECRET') && (set('MicrosoftAppId') || set('HANDOFF_API_KEY'))) {
    problems.push('HANDOFF_LINK_SECRET (or DIRECTLINE_TOKEN_SECRET, from which it is derived) is required in production when MicrosoftAppId or HANDOFF_API_KEY is set, so every instance accepts the same links');
  }
  if (set('NOTIFY_API_KEY') && !['NOTIFY_EMAIL_TEMPLATE_ID', 'NOTIFY_SMS_TEMPLATE_ID', 'NOTIFY_LETTER_TEMPLATE_ID'].some(set)) {
    problems.push('NOTIFY_API_KEY is set but no template is: set NOTIFY_EMAIL_TEMPLATE_ID, NOTIFY_SMS_TEMPLATE_ID and NOTIFY_LETTER_TEMPLATE_ID (see README)');
  }
  if (!set('NOTIFY_API_KEY') && set('NOTIFY_CALLBACK_TOKEN')) {
    problems.push('NOTIFY_CALLBACK_TOKEN is set but NOTIFY_API_KEY is not: delivery receipts are only for messages the bot sends');
  }
  if (!set('OPEN311_ENDPOINT') && (set('OPEN311_API_KEY') || set('OPEN311_JURISDICTION'))) {
    problems.push('OPEN311_API_KEY or OPEN311_JURISDICTION is set but OPEN311_ENDPOINT is not: set the endpoint too, or clear them');
  }
  if (env.NODE_ENV === 'production' && set('OPEN311_ENDPOINT') && !/^https:/i.test(String(env.OPEN311_ENDPOINT).trim())) {
    problems.push('OPEN311_ENDPOINT must be https:// in production: the API key and residents\' reports travel to it');
  }
  return problems;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Configuration is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => ` - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface LoadConfigOptions {
  /**
   * 'bot' (the default): every check, for running the bot. 'teams-package': for
   * scripts/package-teams.ts, which only fills in the Teams manifest and never signs in to the Bot
   * Framework, so each variable is still checked but the checks between variables (credentials,
   * production secrets) are not: it needs MicrosoftAppId and PUBLIC_URL, not MicrosoftAppPassword.
   */
  purpose?: 'bot' | 'teams-package';
}

/** Parses the environment; throws ConfigError listing every problem. Never echoes secret values. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: LoadConfigOptions = {}): Config {
  const result = ConfigSchema.safeParse(env);
  const problems = result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'} ${issue.message}`);
  if ((options.purpose ?? 'bot') === 'bot') problems.push(...crossFieldProblems(env));
  if (!result.success || problems.length > 0) throw new ConfigError(problems);
  const c = result.data;
  return { ...c, localMode: !c.MicrosoftAppId };
}
