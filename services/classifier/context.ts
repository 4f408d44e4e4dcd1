/**
 * Classifier contexts: the default (a unitary council that runs everything, 12-month limit) and one
 * built from a policy pack. Packs are loaded dynamically so the classifier does not depend on the
 * policy module at compile time (it is written separately) and the CLI starts fast.
 */
import path from 'node:path';
import { z } from 'zod';
import { ServiceArea } from '../../models/vocabulary';
import type { ClassifierContext } from './types';

export const defaultContext: ClassifierContext = Object.freeze({
  ownsService: () => true,
  timeLimitMonths: 12,
});

const Owned = z.union([z.literal('all'), z.array(ServiceArea)]);
/**
 * The two things a pack tells the classifier: which services the council runs (`ownedServices`,
 * or `services.runs` as the policy packs spell it) and the complaint time limit (`timeLimit.months`;
 * `timeLimit: null` when the policy states none). Everything else in the pack is ignored.
 */
const PackFields = z.union([
  z.object({ ownedServices: Owned, timeLimit: z.object({ months: z.number().positive() }).nullable() }),
  z.object({ services: z.object({ runs: Owned }), timeLimit: z.object({ months: z.number().positive() }).nullable() }),
]);

export function contextFromPack(pack: unknown): ClassifierContext {
  const parsed = PackFields.safeParse(pack);
  if (!parsed.success) {
    throw new Error(
      'policy pack cannot be used by the classifier: it needs ownedServices (or services.runs) as "all" or a list of service areas, and timeLimit as { months } or null',
    );
  }
  const ownedServices = 'ownedServices' in parsed.data ? parsed.data.ownedServices : parsed.data.services.runs;
  const { timeLimit } = parsed.data;
  const owned = ownedServices === 'all' ? null : new Set<ServiceArea>(ownedServices);
  return {
    ownsService: (area) => owned === null || owned.has(area),
    timeLimitMonths: timeLimit === null ? Number.POSITIVE_INFINITY : timeLimit.months,
  };
}

const LoadPackModule = z.object({
  loadPack: z.custom<(id: string) => unknown>((v) => typeof v === 'function', 'must be a function'),
});

/**
 * Context for a council pack id. When the policy module is not there yet, the `default` pack falls
 * back to `defaultContext`; any other id fails with a clear message.
 */
export async function loadContext(packId: string): Promise<ClassifierContext> {
  let mod: unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(path.join(__dirname, '..', 'policy', 'loadPack'));
  } catch (err) {
    // only the pack loader itself being absent counts as "not built yet"; a broken loader is an error
    const missing =
      err instanceof Error && 'code' in err && err.code === 'MODULE_NOT_FOUND' && err.message.includes('loadPack');
    if (missing && packId === 'default') return defaultContext;
    throw new Error(`cannot load policy packs (services/policy/loadPack): ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = LoadPackModule.safeParse(mod);
  if (!parsed.success) throw new Error('services/policy/loadPack does not export loadPack(id)');
  return contextFromPack(await parsed.data.loadPack(packId));
}
