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

export const ConfigSchema = z
  .object({
    NODE_ENV: z.preprocess(
      emptyToUndefined,
      z.enum(['development', 'test', 'production'], { message: 'must be development, test or production' }).default('development'),
    ),
    PORT: port(3978),
    HOST: z.preprocess(emptyToUndefined, z.string().default('0.0.0.0')),
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
  return problems;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Configuration is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => ` - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws ConfigError listing every problem. Never echoes secret values. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = ConfigSchema.safeParse(env);
  const problems = result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'} ${issue.message}`);
  problems.push(...crossFieldProblems(env));
  if (!result.success || problems.length > 0) throw new ConfigError(problems);
  const c = result.data;
  return { ...c, localMode: !c.MicrosoftAppId };
}
