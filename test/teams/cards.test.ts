/**
 * The card builders are pure: typed data in, card JSON out. Every variant must parse without
 * errors or warnings in the `adaptivecards` library and offer only what the case allows.
 */
import { parseCommand, normaliseReference } from '../../bot/staff/commands';
import type { CaseView } from '../../services/cases';
import { newTrack } from '../../services/cases/deadlines';
import { caseCard, caseCardData, CaseCardContext } from '../../services/teams/cards/caseCard';
import { caseListCard, caseSummaryCard, noticeCard } from '../../services/teams/cards/listCards';
import { cardActions, cardProblems, cardText, textBlocks } from './support/cards';

const track = (over: Record<string, unknown> = {}) => ({
  ...newTrack('2026-03-02'),
  acknowledgeBy: '2026-03-09',
  originalRespondBy: '2026-03-23',
  respondBy: '2026-03-23',
  extensionLimit: '2026-04-07',
  ...over,
});

function view(over: Partial<Record<keyof CaseView, unknown>> = {}): CaseView {
  return {
    reference: 'CMP-2026-000042',
    evidence: [],
    version: 4,
    kind: 'complaint',
    stage: 'stage1',
    stageLabel: 'a complaint at stage 1 (first response)',
    status: 'open',
    statusLabel: 'not yet acknowledged',
    closedFromStage: null,
    priority: 'high',
    leadServiceArea: 'housing_repairs',
    serviceAreas: ['housing_repairs'],
    sla: 'overdue',
    workingDaysLeft: -2,
    dueOn: '2026-03-09',
    dueKind: 'acknowledge',
    receivedOn: '2026-03-02',
    tracks: { stage1: track() },
    assignee: null,
    description: 'Damp and mould in the back bedroom since January. '.repeat(10),
    issues: [{ id: 1, text: 'Damp', addedOn: '2026-03-02', source: 'original' }],
    safeguarding: false,
    vulnerable: true,
    adjustments: ['large_print'],
    conversationReference: { conversation: { id: 'c' } },
    resident: { name: 'Jane Smith', email: 'jane@example.org', preferredContact: 'email' },
    anonymous: false,
    anonymisedAt: null,
    closure: null,
    learningPoints: [],
    ...over,
  } as unknown as CaseView;
}

const staff: CaseCardContext['staff'] = [
  { aadObjectId: 'a1', name: 'Alex Jones', roles: ['manager'], teamsUserId: '29:a1' },
  { aadObjectId: 'b1', name: 'Sam Patel', roles: ['investigator'], teamsUserId: '29:b1' },
  { aadObjectId: 'c1', name: 'Priya Shah', roles: ['reviewer'], teamsUserId: '29:c1' },
  { aadObjectId: 't1', name: 'Tom Triage', roles: ['triage'], teamsUserId: null },
];

const build = (v: CaseView, ctx: Partial<CaseCardContext> = {}) => caseCard(caseCardData(v, { staff, hasStage2: true, ...ctx }));
const verbs = (card: unknown) => cardActions(card).map((a) => a.verb);

describe('case card builder', () => {
  const variants: Array<[string, CaseView, Partial<CaseCardContext>]> = [
    ['a new complaint, no staff yet', view(), { staff: [] }],
    ['a responded stage 1 complaint with reviewers', view({ status: 'responded', sla: null, dueOn: null, dueKind: null, tracks: { stage1: track({ respondedOn: '2026-03-20', handler: { id: 'b1', name: 'Sam Patel' } }) } }), {}],
    ['a responded stage 1 complaint, nobody with the reviewer role', view({ status: 'responded' }), { staff: staff.filter((s) => !s.roles.includes('reviewer')) }],
    ['a service request', view({ kind: 'service_request', stage: 'service_request', tracks: { service_request: track({ extensionLimit: null }) } }), {}],
    ['a compliment', view({ kind: 'compliment', stage: 'feedback', status: 'acknowledged', tracks: { feedback: track() } }), {}],
    ['a closed case', view({ stage: 'closed', status: 'closed', closedFromStage: 'stage1', closure: { reason: 'withdrawn', note: null, closedOn: '2026-03-10' }, sla: null, dueOn: null }), {}],
    ['an anonymised case', view({ stage: 'closed', status: 'closed', closedFromStage: 'stage1', anonymisedAt: new Date(), description: '[removed]' }), {}],
    ['with a notice and a relay outcome', view(), { notice: { tone: 'attention', text: 'Something was refused.' }, lastRelay: { at: new Date('2026-03-04T10:00:00Z'), delivered: false } }],
    ['with the danger question answered yes', view({ dangerAnswer: { routes: ['emergency', 'police_matter'], answer: 'yes' } }), {}],
  ];

  test.each(variants)('%s parses without problems', (_name, v, ctx) => {
    expect(cardProblems(build(v, ctx))).toEqual([]);
  });

  test('a new complaint offers picking up, acknowledging, assigning and the forms; triage-only staff are not offered as assignees', () => {
    const card = build(view());
    // A referral the resident makes to the ombudsman is recorded whenever it is made (transitions.ts); Respond waits for the acknowledgement.
    expect(verbs(card)).toEqual(['pickUp', 'acknowledge', 'assign', 'messageResident', 'addNote', 'extend', 'referToOmbudsman', 'close']);
    // The notice goes to the resident by itself: staff are asked for the reason, not to write to them as well.
    expect(cardText(card)).toMatch(/The resident is sent a notice with the new date, the reason you give here \(written for them to read\) and the ombudsman's details\./);
    const json = JSON.stringify(card);
    expect(json).toContain('"title":"Sam Patel","value":"b1"');
    expect(json).not.toContain('"value":"t1"');
    expect(cardText(card)).toMatch(/Time left: Overdue by 2 working days/);
    expect(cardText(card)).toMatch(/Reasonable adjustments asked for/);
    expect(json).not.toMatch(/Jane|jane@example/);
    // Refreshed by itself for those who may see the contact details: managers (nobody is assigned yet).
    expect(card.refresh?.userIds).toEqual(['29:a1']);
    expect(build(view({ assignee: { id: 'b1', name: 'Sam Patel' } })).refresh?.userIds).toEqual(['29:b1', '29:a1']);
    for (const a of cardActions(card)) expect(a.data).toEqual({ reference: 'CMP-2026-000042', version: 4 });
  });

  test('the danger question: what the resident answered, one line, a yes marked for attention like the flags; nothing when it was not asked', () => {
    const dangerLines = (v: CaseView) => textBlocks(build(v)).filter((b) => /^Asked if anyone was in danger/.test(b.text));
    const yes = dangerLines(view({ dangerAnswer: { routes: ['emergency'], answer: 'yes' } }));
    expect(yes).toEqual([expect.objectContaining({ text: 'Asked if anyone was in danger or a crime was happening (suspected: emergency): resident said yes (signposted to 999)', color: 'attention', weight: 'bolder' })]);
    const crime = dangerLines(view({ dangerAnswer: { routes: ['police_matter'], answer: 'yes' } }));
    expect(crime.map((b) => b.text)).toEqual(['Asked if anyone was in danger or a crime was happening (suspected: crime): resident said yes (signposted to the police)']);
    const no = dangerLines(view({ dangerAnswer: { routes: ['emergency'], answer: 'no' } }));
    expect(no).toEqual([expect.objectContaining({ text: 'Asked if anyone was in danger or a crime was happening (suspected: emergency): resident said no' })]);
    expect(no[0].color).toBeUndefined();
    const other = dangerLines(view({ dangerAnswer: { routes: ['police_matter'], answer: 'other' } }));
    expect(other.map((b) => b.text)).toEqual(['Asked if anyone was in danger or a crime was happening (suspected: crime): resident answered something else']);
    expect(other[0].color).toBeUndefined();
    // Not asked: nothing about it, whether the field is null or (a case stored before it was kept) missing.
    expect(cardText(build(view({ dangerAnswer: null })))).not.toMatch(/in danger|crime/);
    expect(cardText(build(view()))).not.toMatch(/in danger|crime/);
  });

  test("a link or tag a resident writes shows as their words, never as a link on the card", () => {
    const card = build(view({ description: 'Bins missed. [Reset your council password](https://evil.example/login) <a href="https://evil.example">here</a>', location: { text: '[Town Hall][1]' } }));
    const json = JSON.stringify(card);
    expect(json).not.toMatch(/\]\(https|<a href|\]\[1\]/);
    const text = cardText(card).replace(/\u200b/g, '');
    expect(text).toContain('[Reset your council password](https://evil.example/login)');
  });

  test('the files a resident sent are counted on the card, by kind, never by name', () => {
    const evidence = [
      { fileId: 'a'.repeat(24), filename: 'jane-smith-flat.jpg', contentType: 'image/jpeg', size: 1000, purpose: 'evidence' },
      { fileId: 'b'.repeat(24), filename: 'kitchen.png', contentType: 'image/png', size: 1000, purpose: 'evidence' },
      { fileId: 'c'.repeat(24), filename: 'letter.pdf', contentType: 'application/pdf', size: 1000, purpose: 'evidence' },
      { fileId: 'd'.repeat(24), filename: 'consent-from-mum.pdf', contentType: 'application/pdf', size: 1000, purpose: 'authorisation' },
    ];
    const card = build(view({ evidence }));
    expect(cardText(card)).toMatch(/Evidence: 2 photos, 1 document, written agreement received \(see them in the tab\)/);
    expect(JSON.stringify(card)).not.toMatch(/jane-smith|kitchen|letter\.pdf|consent-from-mum/);
    expect(cardText(build(view({ evidence: evidence.slice(2, 3) })))).toMatch(/Evidence: 1 document \(see them in the tab\)/);
    expect(cardText(build(view()))).not.toMatch(/Evidence/);
  });

  test('a case handed over from social media says where it came from, without the resident\'s handle', () => {
    const card = build(view({ platform: 'facebook', resident: { name: 'Jane Smith', socialHandle: 'Jane S', preferredContact: 'email' } }));
    expect(cardText(card)).toMatch(/Came from: Facebook, then the website chat/);
    expect(JSON.stringify(card)).not.toMatch(/Jane/);
    expect(cardText(build(view()))).not.toMatch(/Came from/);
  });

  test('escalation offers reviewers other than the stage 1 handler, and only where the council has a stage 2', () => {
    const responded = view({ status: 'responded', tracks: { stage1: track({ respondedOn: '2026-03-20', handler: { id: 'c1', name: 'Priya Shah' } }) } });
    const other = [...staff, { aadObjectId: 'r2', name: 'Rita Review', roles: ['reviewer'], teamsUserId: '29:r2' }];
    const json = JSON.stringify(build(responded, { staff: other }));
    const reviewerChoices = /"id":"reviewer"[^\]]*\]/.exec(json)?.[0] ?? '';
    expect(reviewerChoices).toContain('"value":"r2"');
    expect(reviewerChoices).not.toContain('"value":"c1"');
    expect(verbs(build(responded, { hasStage2: false }))).not.toContain('escalate');
    expect(cardText(build(responded, { staff: [] }))).toMatch(/No one with the reviewer role can take it/);
  });

  test('a service request is answered with a summary; closed cases take notes, reopening and referral; anonymised cases show no summary', () => {
    expect(JSON.stringify(build(view({ kind: 'service_request', stage: 'service_request', tracks: { service_request: track() } })))).toContain('"id":"summary"');
    expect(verbs(build(view({ stage: 'closed', status: 'closed', closedFromStage: 'stage1' })))).toEqual(['addNote', 'referToOmbudsman', 'reopen', 'recordLearning']);
    const closedAfterResponse = view({ stage: 'closed', status: 'closed', closedFromStage: 'stage1', tracks: { stage1: track({ respondedOn: '2026-03-20' }) } });
    expect(verbs(build(closedAfterResponse))).toEqual(['addNote', 'escalate', 'referToOmbudsman', 'reopen', 'recordLearning']);
    const anonymised = build(view({ stage: 'closed', status: 'closed', closedFromStage: 'stage1', anonymisedAt: new Date() }));
    expect(verbs(anonymised)).not.toContain('reopen');
    expect(verbs(anonymised)).not.toContain('referToOmbudsman');
    expect(cardText(anonymised)).toContain('Personal details removed.');
    expect(cardText(anonymised)).not.toContain('Damp and mould');
  });

  test('written correspondence: the latest letters, the authorisation button while it is pending, the councillor form only where the pack allows it', () => {
    const rep = { name: 'Owen Morgan', role: 'family', relationship: 'grandson', consentConfirmed: true, authorisation: 'pending' };
    const letters = [
      { line: 'Receipt emailed Wed 2 Dec 2026: delivered', problem: false },
      { line: 'Acknowledgement to the representative: held: waiting for the written authorisation to act for the resident', problem: true },
    ];
    const pending = build(view({ representative: rep }), { letters, councillorCopies: false });
    expect(cardText(pending)).toMatch(/Written to the resident[\s\S]*Receipt emailed Wed 2 Dec 2026: delivered[\s\S]*held: waiting for the written authorisation/);
    expect(verbs(pending)).toContain('recordAuthorisation');
    expect(verbs(pending)).not.toContain('copyCouncillor');
    const provided = build(view({ representative: { ...rep, authorisation: 'provided' } }), { councillorCopies: true });
    expect(verbs(provided)).not.toContain('recordAuthorisation');
    expect(verbs(provided)).toContain('copyCouncillor');
    expect(verbs(build(view({ anonymous: true }), { councillorCopies: true }))).not.toContain('copyCouncillor');
    for (const card of [pending, provided]) expect(cardProblems(card)).toEqual([]);
  });

  test('learning: recorded once the case is answered, each action with its owner, due date and status, and a button for each open one', () => {
    const action = (dueOn: string, doneOn: string | null = null) => ({ text: 'Brief the crews.', owner: { id: 'b1', name: 'Sam Patel' }, dueOn, doneOn, doneBy: doneOn ? { id: 'b1', name: 'Sam Patel' } : null });
    const learningPoints = [
      { theme: 'communication', detail: 'Nobody called back.', addedOn: '2026-03-20', fq: '2025-26 Q4' },
      { id: 'L2', theme: 'delay', detail: 'The route sheet was out of date', addedOn: '2026-03-20', fq: '2025-26 Q4', action: action('2026-03-25') },
      { id: 'L3', theme: 'delay', detail: 'x', addedOn: '2026-03-20', fq: '2025-26 Q4', action: action('2026-04-30') },
      { id: 'L4', theme: 'repairs quality', detail: 'y', addedOn: '2026-03-20', fq: '2025-26 Q4', action: action('2026-03-22', '2026-03-21') },
    ];
    const responded = view({ status: 'responded', sla: null, dueOn: null, dueKind: null, learningPoints });
    const card = build(responded, { today: '2026-04-01' });
    expect(cardProblems(card)).toEqual([]);
    const text = cardText(card);
    expect(text).toContain('L1 · communication: Nobody called back. Status: no action needed.');
    expect(text).toContain('L2 · delay: The route sheet was out of date. Action: Brief the crews. (Sam Patel, due Wed, 25 Mar 2026). Status: overdue.');
    expect(text).toContain('L3 · delay: x. Action: Brief the crews. (Sam Patel, due Thu, 30 Apr 2026). Status: open.');
    expect(text).toContain('L4 · repairs quality: y. Action: Brief the crews. (Sam Patel, due Sun, 22 Mar 2026, done Sat, 21 Mar 2026). Status: done.');
    const done = cardActions(card).filter((a) => a.verb === 'completeLearningAction');
    expect(done.map((a) => [a.title, a.data.pointId])).toEqual([['Mark L2 action done', 'L2'], ['Mark L3 action done', 'L3']]);
    expect(verbs(card)).toContain('recordLearning');
    const json = JSON.stringify(card);
    expect(json).toContain('"id":"learningTheme"');
    expect(json).toContain('"title":"Sam Patel","value":"b1"');
    // Not before the response; an anonymised case keeps its themes, not its words.
    expect(verbs(build(view()))).not.toContain('recordLearning');
    const anonymised = cardText(build(view({ stage: 'closed', status: 'closed', closedFromStage: 'stage1', anonymisedAt: new Date(), learningPoints }), { today: '2026-04-01' }));
    expect(anonymised).toContain('L1 · communication: details removed.');
    expect(anonymised).not.toContain('Nobody called back');
  });

  test('the card refreshes for at most 60 people, the assignee first', () => {
    const many = Array.from({ length: 70 }, (_, i) => ({ aadObjectId: `s${i}`, name: `Staff ${i}`, roles: i === 69 ? ['investigator'] : ['manager'], teamsUserId: `29:s${i}` }));
    const card = build(view({ assignee: { id: 's69', name: 'Staff 69' } }), { staff: many });
    expect(card.refresh?.userIds).toHaveLength(60);
    expect(card.refresh?.userIds?.[0]).toBe('29:s69');
  });
});

describe('list, summary and notice cards', () => {
  const summary = { reference: 'CMP-2026-000042', kind: 'complaint' as const, stage: 'stage1' as const, status: 'open' as const, dueOn: '2026-03-09', dueKind: 'acknowledge' as const, sla: 'due_soon' as const, workingDaysLeft: 1, assignee: null, receivedOn: '2026-03-02' };
  test.each([
    ['empty list', caseListCard({ title: 'Your open cases', empty: 'None.', hint: 'Type case', cases: [], more: 0 })],
    ['list with more', caseListCard({ title: 'Overdue cases', empty: 'None.', hint: 'Type case', cases: [summary], more: 3 })],
    ['summary', caseSummaryCard(summary)],
    ['notice', noticeCard({ title: 'No such case', text: 'There is no case.' })],
  ])('%s parses without problems', (_name, card) => {
    expect(cardProblems(card)).toEqual([]);
  });
});

describe('staff commands', () => {
  test.each([
    ['help', { kind: 'help' }],
    ['', { kind: 'help' }],
    ['  Case   cmp-2026-42 ', { kind: 'case', reference: 'CMP-2026-000042' }],
    ['case', { kind: 'case', reference: null }],
    ['OWBC-2026-000123', { kind: 'case', reference: 'OWBC-2026-000123' }],
    ['My Cases', { kind: 'mine' }],
    ['/overdue', { kind: 'overdue' }],
    ['<at>Council Feedback</at> setup', { kind: 'setup' }],
    ['grant Reviewer <at>Priya Shah</at>', { kind: 'grant', role: 'reviewer' }],
    ['revoke boss <at>Priya</at>', { kind: 'revoke', role: null }],
    ['roles', { kind: 'roles' }],
    ['what is the weather', { kind: 'unknown' }],
  ])('%j is read as %j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  test('references are normalised, anything else is not a reference', () => {
    expect(normaliseReference('ab-2026-7')).toBe('AB-2026-000007');
    expect(normaliseReference('2026-7')).toBeNull();
  });
});
