/**
 * What the model never overrules: a resident asking to complain in so many words, and a route whose
 * words the rules read as something else (a question, a complaint about handling).
 */
import { defaultContext } from '../../services/classifier/context';
import { decide } from '../../services/classifier/learned/combine';
import type { Probabilities, Thresholds } from '../../services/classifier/learned/model';
import { classifyOffline } from '../../services/classifier/offline';
import { analyseRules } from '../../services/classifier/ruleEngine';

const NOW = new Date('2026-11-20T12:00:00Z');
const analyse = (text: string) => analyseRules({ text, receivedAt: NOW, context: defaultContext });
const thresholds: Thresholds = { dropRuleIfNone: 0.9, addRoute: 0.5, addSafety: 0.4, ruleKindBonus: {} };
const sure = (kind: Partial<Probabilities['kind']>, routes: Probabilities['routes'] = {}): Probabilities => ({
  kind: { complaint: 0, service_request: 0, comment: 0, compliment: 0, ...kind },
  routes,
  none: 1 - Object.values(routes).reduce((a, b) => a + (b ?? 0), 0),
});

describe('the model does not overrule', () => {
  it.each([
    'I want to make a complaint about the recycling collection',
    'i want to make a compliant about the recyling colection',
    'Please treat this as a formal complaint: the bins on Ash Grove were missed',
    'How do I make a complaint about the grass cutting?',
  ])('a resident asking to complain: %s', (text) => {
    const r = decide(analyse(text), { probs: sure({ service_request: 0.99, complaint: 0.01 }), thresholds });
    expect(r.kind).toBe('complaint');
    expect(r.reasons.join(' ')).toMatch(/asked for in so many words/);
  });

  it('but the word alone, not asking, is weighed by the model as before', () => {
    const r = decide(analyse('the complaints leaflet in the library is out of date'), { probs: sure({ comment: 0.99, complaint: 0.01 }), thresholds });
    expect(r.kind).toBe('comment');
  });

  it('a route the rules read as a question is not put back by a confident model', () => {
    const a = analyse('I got a penalty charge notice yesterday, how do I pay it?');
    expect(a.suppressed).toContain('statutory_appeal');
    const r = decide(a, { probs: sure({ service_request: 1 }, { statutory_appeal: 0.99 }), thresholds });
    expect(r.exclusions).toEqual([]);
    expect(r.reasons.join(' ')).toMatch(/route statutory_appeal not added/);
  });

  it('while a route whose words no rule saw is still added by a confident model', () => {
    const a = analyse('the ticket the warden put on my car is wrong, I was only loading');
    expect(a.suppressed).not.toContain('statutory_appeal');
    const r = decide(a, { probs: sure({ complaint: 1 }, { statutory_appeal: 0.99 }), thresholds });
    expect(r.exclusions).toContain('statutory_appeal');
  });

  it('with the committed model, both hold end to end', () => {
    expect(classifyOffline({ text: 'I want to make a complaint about the recycling collection', receivedAt: NOW, context: defaultContext }).kind).toBe('complaint');
    expect(classifyOffline({ text: 'Hi, I got a penalty charge notice yesterday, how do I pay it?', receivedAt: NOW, context: defaultContext }).exclusions).toEqual([]);
  });
});
