/**
 * The learned component: its features, a deterministic trainer, a committed model that was trained
 * from the committed data, and how its probabilities are combined with the rules.
 */
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { defaultContext } from '../../services/classifier/context';
import { decide } from '../../services/classifier/learned/combine';
import { loadTrainingSet, trainingHash } from '../../services/classifier/learned/corpus';
import { featuresOf } from '../../services/classifier/learned/features';
import { LinearModel, MODEL_PATH, MODEL_ROUTES, shippedModel, type Probabilities, type Thresholds } from '../../services/classifier/learned/model';
import { DEFAULT_CONFIG, prepare, train } from '../../services/classifier/learned/train';
import { normalise } from '../../services/classifier/normalise';
import { classifyOffline, classifyWith } from '../../services/classifier/offline';
import { analyseRules } from '../../services/classifier/ruleEngine';
import { loadLabelled } from '../../services/classifier/scoring';

const ROOT = path.resolve(__dirname, '..', '..');
const NOW = new Date('2026-11-20T12:00:00Z');
const analyse = (text: string) => analyseRules({ text, receivedAt: NOW, context: defaultContext });

describe('features', () => {
  it('gives words, bigrams, in-word character 3-5-grams and marks words under a negation', () => {
    const f = featuresOf(normalise("I'm not happy. Happy now"));
    expect(f).toEqual(expect.arrayContaining(['w:happy', 'n:happy', 'b:not_happy', 'c:<ha', 'c:happ', 'c:appy>']));
    // the full stop ends the negation and the bigram chain
    expect(f).not.toContain('b:happy_happy');
    expect(f.filter((x) => x === 'w:happy')).toHaveLength(1);
  });

  it('collapses digits so house numbers are not vocabulary', () => {
    expect(featuresOf('number 12 and 47')).toEqual(expect.arrayContaining(['w:00']));
    expect(featuresOf('number 12 and 47')).not.toContain('w:12');
  });

  it('always gives at least one feature', () => {
    expect(featuresOf('').length).toBeGreaterThan(0);
    expect(featuresOf('???').length).toBeGreaterThan(0);
  });
});

describe('trainer', () => {
  const sample = prepare(loadLabelled().filter((m) => m.split === 'train').slice(0, 120));
  const quick = { ...DEFAULT_CONFIG, epochs: 3 };

  it('gives the same model from the same data and seed', () => {
    expect(train(sample, quick)).toEqual(train(sample, quick));
  });

  it('depends on the seed (the order examples are seen in)', () => {
    expect(train(sample, { ...quick, seed: quick.seed + 7 }).weights).not.toEqual(train(sample, quick).weights);
  });

  it('learns its training messages', () => {
    const model = new LinearModel(train(sample, { ...DEFAULT_CONFIG, epochs: 10 }));
    const raw = loadLabelled().filter((m) => m.split === 'train').slice(0, 120);
    const right = raw.filter((m) => {
      const p = model.predict(normalise(m.text)).kind;
      return Object.entries(p).sort((a, b) => b[1] - a[1])[0][0] === m.kind;
    });
    expect(right.length / raw.length).toBeGreaterThan(0.9);
  });
});

describe('the committed model', () => {
  const loaded = shippedModel();

  it('exists, is at most 3 MB and was trained from the training data as committed', () => {
    expect(loaded).not.toBeNull();
    expect(fs.statSync(MODEL_PATH).size).toBeLessThanOrEqual(3 * 1024 * 1024);
    expect(loaded!.file.trainedFrom.sha256).toBe(trainingHash());
    expect(loaded!.file.trainedFrom.messages).toBe(loadTrainingSet().messages.length);
  });

  it('was trained with the configuration the trainer has now', () => {
    const { folds, ...config } = loaded!.file.config;
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(folds).toBeGreaterThanOrEqual(3);
  });

  it('never trains on the labelled holdout split', () => {
    const heldOut = new Set(loadLabelled().filter((m) => m.split === 'holdout').map((m) => normalise(m.text)));
    expect(loadTrainingSet().messages.filter((m) => heldOut.has(normalise(m.text)))).toEqual([]);
  });

  it('gives probabilities that sum to one, for the kind and for the routes', () => {
    const p = loaded!.model.predict(normalise('the bin men left rubbish all over the road'));
    expect(Object.values(p.kind).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(Object.keys(p.routes).sort()).toEqual([...MODEL_ROUTES].sort());
    expect(Object.values(p.routes).reduce((a, b) => a + (b ?? 0), 0)).toBeLessThan(1);
  });
});

describe('combining rules and model', () => {
  const thresholds: Thresholds = { dropRuleIfNone: 0.9, addRoute: 0.6, addSafety: 0.4, ruleKindBonus: { complaint: 1, problem: 0.5 } };
  const probs = (routes: Probabilities['routes'], kind: Partial<Probabilities['kind']> = {}): Probabilities => ({
    kind: { complaint: 0.25, service_request: 0.25, comment: 0.25, compliment: 0.25, ...kind },
    routes,
    none: 1 - Object.values(routes).reduce((a, b) => a + (b ?? 0), 0),
  });

  it('does not fire an exclusion on a keyword the model is confident against', () => {
    // "solicitor" is the rules' cue for court action; this is a complaint about a council letter
    const a = analyse("the council's solicitor sent me a letter with the wrong name on it and nobody will correct it");
    expect(a.matched.map((m) => m.route)).toContain('legal_proceedings');
    const r = decide(a, { probs: probs({ legal_proceedings: 0.02 }, { complaint: 0.9, service_request: 0.04, comment: 0.03, compliment: 0.03 }), thresholds });
    expect(r.exclusions).not.toContain('legal_proceedings');
    expect(r.kind).toBe('complaint');
    expect(r.reasons.some((x) => x.startsWith('route legal_proceedings not used') && x.includes('model says no route'))).toBe(true);
  });

  it('keeps a rule hit the model does not reject', () => {
    const r = decide(analyse('Cllr Brown was abusive to me on twitter'), { probs: probs({ councillor_conduct: 0.5 }), thresholds });
    expect(r.exclusions).toEqual(['councillor_conduct']);
  });

  it('keeps a rule hit when the model sees another route (a message can have two)', () => {
    const a = analyse('A pothole on our road burst my tyre and I want it paid for. Also my neighbours have parties every night till 3am.');
    const r = decide(a, { probs: probs({ antisocial_behaviour: 0.95, insurance_claim: 0.01 }), thresholds });
    expect(r.exclusions).toEqual(expect.arrayContaining(['insurance_claim', 'antisocial_behaviour']));
  });

  it('adds an exclusion described indirectly, which no rule matched', () => {
    const a = analyse('the man at the complaints desk accepts cash to move people up the housing list');
    expect(a.matched.map((m) => m.route)).not.toContain('fraud_whistleblowing');
    // a model only fairly sure is not enough for a route no rule saw
    expect(decide(a, { probs: probs({ fraud_whistleblowing: 0.9 }), thresholds }).exclusions).not.toContain('fraud_whistleblowing');
    const r = decide(a, { probs: probs({ fraud_whistleblowing: 0.97 }), thresholds });
    expect(r.exclusions).toContain('fraud_whistleblowing');
    expect(r.reasons).toContain('route fraud_whistleblowing: decided by the model (p=0.97), no rule matched');
  });

  it('always keeps a safety route the rules found, whatever the model says', () => {
    const a = analyse('I can smell gas in the kitchen');
    const r = decide(a, { probs: probs({ emergency: 0.0 }, { compliment: 0.97, complaint: 0.01, service_request: 0.01, comment: 0.01 }), thresholds });
    expect(r.exclusions).toContain('emergency');
    expect(r.reasons.some((x) => x.startsWith('route emergency:') && x.includes('rules decide'))).toBe(true);
  });

  it('lets the model add a safety route the rules did not see', () => {
    const a = analyse('the heater in the hall makes my eyes sting and we all feel dizzy and sick');
    expect(decide(a, { probs: probs({ emergency: 0.6 }), thresholds }).exclusions).not.toContain('emergency');
    const r = decide(a, { probs: probs({ emergency: 0.75 }), thresholds });
    expect(r.exclusions).toContain('emergency');
  });

  it('says when the model decided the kind', () => {
    const r = decide(analyse('the park should open later in summer'), { probs: probs({}, { comment: 0.9, service_request: 0.05, complaint: 0.03, compliment: 0.02 }), thresholds });
    expect(r.kind).toBe('comment');
  });

  it('never lets the model take the time limit or the council context away', () => {
    const r = decide(
      analyseRules({ text: 'two years ago the housing officer was rude to me', receivedAt: NOW, context: defaultContext }),
      { probs: probs({}), thresholds: { ...thresholds, dropRuleIfNone: 0 } },
    );
    expect(r.exclusions).toContain('out_of_time');
  });

  it('is the rules alone when there is no model', () => {
    const input = { text: 'my neighbour plays loud music every night', receivedAt: NOW, context: defaultContext };
    expect(classifyWith(input, null).exclusions).toEqual(['antisocial_behaviour']);
  });
});

describe('the offline engine with the committed model', () => {
  const classify = (text: string) => classifyOffline({ text, receivedAt: NOW, context: defaultContext });

  it('keeps the rules safety routes', () => {
    for (const text of ['thank you so much, but there is a strong smell of gas on the landing', 'lovely service, by the way my ex punched me last night and I am scared']) {
      const r = classify(text);
      expect(r.exclusions.some((e) => e === 'emergency' || e === 'police_matter')).toBe(true);
    }
  });
});

describe('npm run eval', () => {
  it('refuses to show failures of the unseen set', () => {
    const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
    const run = spawnSync(tsx, [path.join(ROOT, 'services', 'classifier', 'eval.ts'), '--show-failures', 'unseen'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, OPENAI_API_KEY: '' } });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('the unseen set stays unseen');
    expect(run.stdout).toBe('');
  });
});
