/**
 * The legal timescales against dates counted by hand on a calendar (bank holidays of England and
 * Wales: Christmas Day Fri 25 Dec 2026, Boxing Day substitute Mon 28 Dec 2026, New Year's Day Fri
 * 1 Jan 2027), and the pack rules they come from.
 */
import { hazardDeadlines } from '../../services/hazards/deadlines';
import { loadPack, listPacks } from '../../services/policy/loadPack';
import { LAW_DOCS } from '../../services/policy/packSchema';
import { externalSources, sourceProblems } from '../../services/policy/sourceCheck';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CaseDraft } from '../../models/caseDraft';
import { createCaseRules } from '../../services/cases/rules';
import { buildOpenedRecord, recogniseHazard } from '../../services/cases/openCase';
import { anonymisedRecord } from '../../services/cases/anonymise';
import { CaseRecord } from '../../models/caseRecord';

const pack = loadPack('oadby-wigston');
const law = pack.hazards!;
const byStep = (level: 'emergency' | 'significant', at: Date) =>
  Object.fromEntries(hazardDeadlines(level, at, law, 'england-and-wales').map((d) => [d.step, d]));

describe('hazard deadlines', () => {
  it('gives an emergency 24 clock hours, through a weekend night', () => {
    // Fri 18 Dec 2026 16:30 GMT → Sat 19 Dec 2026 16:30.
    const d = byStep('emergency', new Date('2026-12-18T16:30:00Z'));
    expect(Object.keys(d)).toEqual(['investigate', 'make_safe']);
    expect(d.investigate.dueAt).toEqual(new Date('2026-12-19T16:30:00Z'));
    expect(d.investigate.dueOn).toBe('2026-12-19');
    expect(d.make_safe.dueAt).toEqual(new Date('2026-12-19T16:30:00Z'));
  });

  it('counts a significant hazard in working days over Christmas and New Year', () => {
    // Aware Wed 23 Dec 2026 (day 0). Working days: Thu 24 (1), Tue 29 (2), Wed 30 (3), Thu 31 (4),
    // Mon 4 Jan (5), Tue 5 (6), Wed 6 (7), Thu 7 (8), Fri 8 (9), Mon 11 Jan 2027 (10).
    const d = byStep('significant', new Date('2026-12-23T10:00:00Z'));
    expect(Object.keys(d)).toEqual(['investigate', 'written_summary', 'safety_work', 'further_works']);
    expect(d.investigate).toMatchObject({ dueOn: '2027-01-11', dueAt: null, from: 'awareness' });
    // From the latest end of the investigation: Tue 12 (1), Wed 13 (2), Thu 14 (3), Fri 15 (4), Mon 18 (5).
    expect(d.written_summary).toMatchObject({ dueOn: '2027-01-14', from: 'investigation' });
    expect(d.safety_work.dueOn).toBe('2027-01-18');
    // 12 weeks (84 days) after Mon 11 Jan 2027: Mon 5 Apr 2027.
    expect(d.further_works.dueOn).toBe('2027-04-05');
  });

  it('counts day 0 as the London date, not the UTC one', () => {
    // Thu 1 Oct 2026 23:30 UTC is Fri 2 Oct 00:30 in London (BST): day 0 is Friday, day 10 Fri 16 Oct.
    expect(byStep('significant', new Date('2026-10-01T23:30:00Z')).investigate.dueOn).toBe('2026-10-16');
    // A report on a Saturday: day 1 is the Monday (Sat 5 Dec 2026 → Mon 7 (1) … Fri 18 Dec (10)).
    expect(byStep('significant', new Date('2026-12-05T11:00:00Z')).investigate.dueOn).toBe('2026-12-18');
  });

  it('is not stretched by the council’s own closure days, which do stretch its complaint deadlines', () => {
    const closing = { ...JSON.parse(JSON.stringify(pack)), calendar: { ...pack.calendar, closureDays: ['2026-12-24', '2026-12-29', '2026-12-30', '2026-12-31'] } };
    const rules = createCaseRules({ council: closing });
    const draft = CaseDraft.parse({
      council: 'oadby-wigston',
      kind: 'service_request',
      receivedAt: '2026-12-23T10:00:00Z',
      source: { channel: 'webchat' },
      description: 'There is mould on the bedroom ceiling',
      anonymous: false,
      resident: { name: 'Sam Tenant', email: 'sam@example.org', preferredContact: 'email' },
    });
    expect(rules.calendar.addWorkingDays('2026-12-23', 10)).toBe('2027-01-15');
    expect(recogniseHazard(draft, rules)?.deadlines[0]).toMatchObject({ step: 'investigate', dueOn: '2027-01-11' });
  });

  it('is not recognised for a council that is not a landlord (Leicester: corporate complaints only)', () => {
    const draft = CaseDraft.parse({
      council: 'leicester',
      kind: 'service_request',
      receivedAt: '2026-12-23T10:00:00Z',
      source: { channel: 'webchat' },
      description: 'I can smell gas in the kitchen',
      anonymous: true,
      resident: { preferredContact: 'none' },
    });
    expect(recogniseHazard(draft, createCaseRules({ council: 'leicester' }))).toBeNull();
    expect(recogniseHazard({ ...draft, council: 'oadby-wigston' }, createCaseRules({ council: 'oadby-wigston' }))?.level).toBe('emergency');
    // Whatever the kind of message: a comment that mentions mould in the home is still a hazard.
    const comment = { ...draft, council: 'oadby-wigston', kind: 'comment' as const, description: 'Just a comment: the new windows are nice but the bedroom still has black mould.' };
    expect(recogniseHazard(comment, createCaseRules({ council: 'oadby-wigston' }))?.level).toBe('significant');
  });

  it('keeps the level and dates when a case is anonymised, but not who in the home was at risk', () => {
    const rules = createCaseRules({ council: 'south-derbyshire' });
    const draft = CaseDraft.parse({
      council: 'south-derbyshire',
      kind: 'complaint',
      receivedAt: '2026-12-02T10:00:00Z',
      source: { channel: 'webchat' },
      description: 'The mould in my flat has made my asthma so bad I ended up in hospital',
      anonymous: false,
      resident: { name: 'Sam Tenant', email: 'sam@example.org', preferredContact: 'email' },
    });
    const record = CaseRecord.parse(buildOpenedRecord(draft, 'SDDC-2026-000001', new Date('2026-12-02T10:00:00Z'), rules));
    expect(record.hazard).toMatchObject({ level: 'emergency', vulnerability: ['health_condition'] });
    expect(record.priority).toBe('urgent');
    const gone = CaseRecord.parse(anonymisedRecord(record, new Date('2033-01-01T00:00:00Z')));
    expect(gone.hazard).toMatchObject({ level: 'emergency', kinds: ['damp_mould'], vulnerability: [], deadlines: record.hazard!.deadlines });
    expect(gone.hazard!.reasons).not.toContain('vulnerable');
  });

  it('is checked by packs:check as external law, while the council-document evidence is looked for', () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'no-sources-'));
    try {
      const problems = sourceProblems(pack, empty).filter((p) => p.startsWith('hazards.'));
      // Only the council's own documents are looked for: the landlord evidence and the contact's source.
      expect(problems.map((p) => p.split(':')[0])).toEqual(['hazards.landlord.source', 'hazards.emergencyContact.source']);
      const law = externalSources(pack).filter(({ at }) => at.startsWith('hazards.'));
      expect(law.map(({ at }) => at)).toEqual(expect.arrayContaining(['hazards.scope.source', 'hazards.emergency.investigate.source', 'hazards.significant.further_works.source']));
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('comes from pack rules that cite the regulations, in every pack of a council that is a landlord', () => {
    const landlords = listPacks().filter((id) => loadPack(id).hazards);
    expect(landlords.sort()).toEqual(['default', 'ig-team', 'oadby-wigston', 'south-cambs-housing', 'south-derbyshire']);
    expect(loadPack('leicester').hazards).toBeUndefined();
    for (const id of landlords) {
      const h = loadPack(id).hazards!;
      expect([h.emergency.investigate, h.emergency.make_safe].map((p) => [p.count, p.unit])).toEqual([
        [24, 'hours'],
        [24, 'hours'],
      ]);
      expect([h.significant.investigate, h.significant.written_summary, h.significant.safety_work, h.significant.further_works].map((p) => [p.count, p.unit, p.from])).toEqual([
        [10, 'working_days', 'awareness'],
        [3, 'working_days', 'investigation'],
        [5, 'working_days', 'investigation'],
        [12, 'weeks', 'investigation'],
      ]);
      for (const p of [...Object.values(h.emergency), ...Object.values(h.significant)]) expect(LAW_DOCS).toContain(p.source.doc);
      // The council's own document shows it is a landlord; the default pack, which has none, cites the Housing Ombudsman's Code.
      expect(h.landlord.source.doc).toMatch(id === 'default' ? /^housing-ombudsman-complaint-handling-code/ : /\.txt$/);
    }
  });
});
