/** Building a classifier context from a policy pack. */
import { contextFromPack, defaultContext, loadContext } from '../../services/classifier/context';

describe('classifier context', () => {
  it('defaults to a council that runs everything with a 12-month limit', () => {
    expect(defaultContext.ownsService('highways')).toBe(true);
    expect(defaultContext.timeLimitMonths).toBe(12);
  });

  it('reads ownedServices and timeLimit.months from a pack', () => {
    const ctx = contextFromPack({ id: 'x', ownedServices: ['waste_recycling'], timeLimit: { months: 6, discretion: true } });
    expect(ctx.ownsService('waste_recycling')).toBe(true);
    expect(ctx.ownsService('highways')).toBe(false);
    expect(ctx.timeLimitMonths).toBe(6);
  });

  it('reads services.runs as the policy packs spell it, and no time limit as none', () => {
    const ctx = contextFromPack({ services: { runs: 'all', elsewhere: [] }, timeLimit: null });
    expect(ctx.ownsService('education')).toBe(true);
    expect(ctx.timeLimitMonths).toBe(Number.POSITIVE_INFINITY);
  });

  it('refuses a pack without the fields it needs, saying which', () => {
    expect(() => contextFromPack({ timeLimit: { months: 12 } })).toThrow(/ownedServices \(or services\.runs\)/);
    expect(() => contextFromPack({ ownedServices: ['not_a_service'], timeLimit: { months: 12 } })).toThrow(/policy pack cannot be used/);
    expect(() => contextFromPack(null)).toThrow(/policy pack cannot be used/);
  });

  it('loads a shipped district pack that does not run highways', async () => {
    const ctx = await loadContext('south-derbyshire');
    expect(ctx.ownsService('waste_recycling')).toBe(true);
    expect(ctx.ownsService('highways')).toBe(false);
  });

  it('fails clearly for an unknown pack', async () => {
    await expect(loadContext('no-such-council')).rejects.toThrow(/no-such-council/);
  });
});
