/**
 * The danger question's classifier side: a safety route the model half-suspects, with no rule hit,
 * is asked about (dangerCheck) rather than signposted or dropped; what the rules read as negated,
 * played down or already signposted is not; everyday reports are not asked about at all.
 */
import { defaultContext } from '../../services/classifier/context';
import { decide, DANGER_CHECK_FLOOR } from '../../services/classifier/learned/combine';
import type { Probabilities, Thresholds } from '../../services/classifier/learned/model';
import { classifyOffline } from '../../services/classifier/offline';
import { analyseRules } from '../../services/classifier/ruleEngine';
import { dangerQuestions, safetyMissed, type Result } from '../../services/classifier/report';
import { HALF_SUSPECTED } from '../support/halfSuspected';

const NOW = new Date('2026-11-20T12:00:00Z');
const analyse = (text: string) => analyseRules({ text, receivedAt: NOW, context: defaultContext });
const thresholds: Thresholds = { dropRuleIfNone: 0.9, addRoute: 0.6, addSafety: 0.4, ruleKindBonus: {} };
const probs = (routes: Probabilities['routes']): Probabilities => ({
  kind: { complaint: 0.25, service_request: 0.25, comment: 0.25, compliment: 0.25 },
  routes,
  none: 1 - Object.values(routes).reduce((a, b) => a + (b ?? 0), 0),
});
const HEATER = 'the heater in the hall makes a funny noise and the room smells odd';

describe('dangerCheck from rules and model', () => {
  it('asks about a safety route the model half-suspects and no rule matched, and says why', () => {
    const a = analyse(HEATER);
    expect(a.matched).toEqual([]);
    const r = decide(a, { probs: probs({ emergency: 0.5 }), thresholds });
    expect(r.dangerCheck).toEqual(['emergency']);
    expect(r.exclusions).not.toContain('emergency');
    expect(r.reasons.some((x) => x.startsWith('danger question: the model half-suspects emergency p=0.50'))).toBe(true);
  });

  it('signposts when the model is sure, and stays silent below the floor', () => {
    const sure = decide(analyse(HEATER), { probs: probs({ emergency: 0.8 }), thresholds });
    expect(sure.exclusions).toContain('emergency');
    expect(sure.dangerCheck).toBeUndefined();
    const faint = decide(analyse(HEATER), { probs: probs({ emergency: DANGER_CHECK_FLOOR - 0.05 }), thresholds });
    expect(faint.exclusions).toEqual([]);
    expect(faint.dangerCheck).toBeUndefined();
  });

  it('does not ask about danger the rules read as over, or the resident played down', () => {
    const over = decide(analyse('there was a smell of gas last week but it has gone now, no smell of gas any more'), { probs: probs({ emergency: 0.5 }), thresholds });
    expect(over.dangerCheck).toBeUndefined();
    expect(over.reasons.some((x) => x.startsWith('route emergency not asked about') && x.includes('negated or over'))).toBe(true);
    const calm = decide(analyse(`${HEATER}, it is not urgent`), { probs: probs({ emergency: 0.5 }), thresholds });
    expect(calm.dangerCheck).toBeUndefined();
    expect(calm.reasons.some((x) => x.includes('played down by the resident'))).toBe(true);
  });

  it('asks about the other safety route beside one the rules found, which stands either way', () => {
    const r = decide(analyse('my ex punched me last night and the heater smells odd'), { probs: probs({ emergency: 0.5 }), thresholds });
    expect(r.exclusions).toContain('police_matter');
    expect(r.dangerCheck).toEqual(['emergency']);
  });

  it('is never asked by the rules alone', () => {
    expect(decide(analyse(HEATER), null).dangerCheck).toBeUndefined();
  });
});

describe('dangerCheck with the committed model', () => {
  const classify = (text: string) => classifyOffline({ text, receivedAt: NOW, context: defaultContext });

  it.each(Object.entries(HALF_SUSPECTED))('half-suspects %s in its test message (see test/support/halfSuspected.ts after a retrain)', (route, text) => {
    const r = classify(text);
    expect(r.dangerCheck).toEqual([route]);
    expect(r.exclusions).not.toContain(route);
  });

  it.each([
    'The street light outside number 22 has been out for a week and the road is pitch black at night',
    'I have emailed three times about the broken fence between our gardens and nobody has replied',
    'the streetlight on Elm Road has been broken for a month, I reported it twice',
  ])('does not ask, or signpost 999, for an everyday report: %s', (text) => {
    const r = classify(text);
    expect(r.dangerCheck).toBeUndefined();
    expect(r.exclusions.filter((e) => e === 'emergency' || e === 'police_matter')).toEqual([]);
  });
});

describe('eval figures', () => {
  const result = (expected: string[], got: string[], dangerCheck?: string[]): Result =>
    ({ message: { id: 'x', text: 't', kind: 'service_request', exclusions: expected, split: 'train' }, got: { kind: 'service_request', exclusions: got, reasons: [], dangerCheck }, ok: true }) as Result;

  it('counts a safety message as caught when it is signposted or asked about, and a question to a safe message as needless', () => {
    const rs = [result(['emergency'], []), result(['emergency'], [], ['emergency']), result(['police_matter'], ['police_matter']), result([], [], ['police_matter']), result([], [])];
    expect(safetyMissed(rs)).toHaveLength(2);
    expect(safetyMissed(rs, true)).toHaveLength(1);
    expect(dangerQuestions(rs)).toEqual({ asked: 2, needless: 1 });
  });
});
