/** The labelled set is sound, and the offline engine meets the accuracy target on it. */
import { FEEDBACK_KINDS, ROUTE_IDS } from '../../models/vocabulary';
import { OfflineClassifier } from '../../services/classifier/offline';
import { evaluate, isCorrect, loadLabelled } from '../../services/classifier/scoring';

const labelled = loadLabelled();

describe('labelled set', () => {
  it('has at least 300 messages with unique ids', () => {
    expect(labelled.length).toBeGreaterThanOrEqual(300);
    expect(new Set(labelled.map((m) => m.id)).size).toBe(labelled.length);
  });

  it('has at least 8 messages for every route and some for every kind', () => {
    const short = ROUTE_IDS.filter((route) => labelled.filter((m) => m.exclusions.includes(route)).length < 8);
    expect(short).toEqual([]);
    for (const kind of FEEDBACK_KINDS) expect(labelled.filter((m) => m.kind === kind && m.exclusions.length === 0).length).toBeGreaterThanOrEqual(15);
  });

  it('keeps about a quarter of the messages held out', () => {
    const share = labelled.filter((m) => m.split === 'holdout').length / labelled.length;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.3);
  });
});

describe('scoring', () => {
  it('counts an expected exclusion as right only when it is returned', () => {
    expect(isCorrect({ kind: 'complaint', exclusions: ['school'] }, { kind: 'service_request', exclusions: ['school', 'social_care'] })).toBe(true);
    expect(isCorrect({ kind: 'complaint', exclusions: ['school'] }, { kind: 'complaint', exclusions: [] })).toBe(false);
  });

  it('counts a message without exclusions as right only with the same kind and no exclusion', () => {
    expect(isCorrect({ kind: 'comment', exclusions: [] }, { kind: 'comment', exclusions: [] })).toBe(true);
    expect(isCorrect({ kind: 'comment', exclusions: [] }, { kind: 'complaint', exclusions: [] })).toBe(false);
    expect(isCorrect({ kind: 'comment', exclusions: [] }, { kind: 'comment', exclusions: ['out_of_time'] })).toBe(false);
  });
});

describe('offline engine on the labelled set', () => {
  it('reaches at least 95% route accuracy overall and on the held-out split', async () => {
    const report = await evaluate(new OfflineClassifier(), labelled);
    expect(report.total).toBe(labelled.length);
    expect(report.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(report.holdoutAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(report.perLabel.map((s) => s.label)).toEqual([...ROUTE_IDS, ...FEEDBACK_KINDS]);
  });
});
