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

describe('damp and mould is a repair, not a 999 or police matter, unless a danger cue matches', () => {
  it.each([
    'there is damp and mould in my council flat, its coming through the walls in the bedroom and my daughter keeps coughing',
    'There is mould round the bedroom windows of my council flat',
    "There's black mould all over my daughter's bedroom wall. She's 3 and has asthma and she coughs all night.",
    'water is coming through my ceiling when it rains and theres black mould spreading in the bathroom, flat 4 Kingfisher Way Sawston',
  ])('the committed model neither signposts nor asks about danger: %s', (text) => {
    const r = classifyOffline({ text, receivedAt: NOW, context: defaultContext });
    expect(r.exclusions).toEqual([]);
    expect(r.dangerCheck).toBeUndefined();
    expect(r.kind).toBe('service_request');
  });

  it('a model sure of an emergency does not add it to damp with no danger cue, and says why', () => {
    const a = analyse('damp coming through the bedroom wall and my son keeps coughing');
    expect(a.disrepair?.snippet).toBe('damp');
    const r = decide(a, { probs: sure({ service_request: 1 }, { emergency: 0.99, police_matter: 0.8 }), thresholds });
    expect(r.exclusions).toEqual([]);
    expect(r.reasons.join(' ')).toMatch(/route emergency not added: model p=0\.99, but no danger cue matched and 'damp' is a repair/);
  });

  it.each([
    ['black mould everywhere and now my son can\'t breathe', 'emergency'],
    ['theres damp in the hall and I can smell gas', 'emergency'],
    ['the ceiling has come down in the bedroom where the damp was', 'emergency'],
    ['damp in the kitchen and there are bare wires hanging out of the wall', 'emergency'],
    ['URGENT flooding in my flat, water coming up through the floorboards, and mould on the walls', 'emergency'],
    ['mould in the bathroom and my neighbour threatened to stab me when I complained', 'police_matter'],
  ])('a real danger beside it still stands: %s', (text, route) => {
    expect(classifyOffline({ text, receivedAt: NOW, context: defaultContext }).exclusions).toContain(route);
  });

  it('water coming through the ceiling when it rains is a leak, while water coming into the house from a river is a flood', () => {
    const leak = analyse('water is coming through my bedroom ceiling when it rains');
    expect(leak.matched.map((m) => m.route)).not.toContain('emergency');
    const flood = analyse('the river has burst its banks and water is coming into our house now');
    expect(flood.matched.map((m) => m.route)).toContain('emergency');
    expect(analyse('water is coming through the ceiling from the flat above').matched.map((m) => m.route)).toContain('emergency');
  });
});
