/**
 * What the survey says about taking the matter further, decided as the closing letter decides it,
 * for each real pack: a review while one can be asked for, a complaint after a service request,
 * and always the ombudsman for the case's service area (Housing Ombudsman for the pack's housing areas).
 */
import { nextStepLines } from '../../locale/survey.en-GB';
import type { CaseRecord } from '../../models/caseRecord';
import { loadPack } from '../../services/policy/loadPack';
import { nextStepsFor, surveyOffered } from '../../services/survey/surveyService';

const closed = (over: Record<string, unknown>) =>
  ({ _id: 'CMP-2026-000001', anonymous: false, anonymisedAt: null, closure: { reason: 'responded', note: null, closedOn: '2026-12-02' }, closedFromStage: 'stage1', leadServiceArea: 'waste_recycling', tracks: {}, ...over }) as unknown as CaseRecord;
const stage1To = (escalation: Record<string, unknown>) => ({ stage1: { outcome: { escalation } } });

test('after a stage 1 response where a review is still open, the review comes first, with its date where the policy sets one', () => {
  const pack = loadPack('default');
  const lines = nextStepLines(nextStepsFor(closed({ tracks: stage1To({ to: 'stage2', requestBy: '2027-01-08', team: 'x' }) }), pack));
  expect(lines[0]).toBe("If you are not happy with our response, you can ask for a review (stage 2) by Friday, 8 January 2027: contact the council's complaints team. You do not have to give a reason.");
  expect(lines[1]).toMatch(/^You can ask the Local Government and Social Care Ombudsman to look at your complaint\. .* The ombudsman is free, independent and impartial\.$/);
});

test('a one-stage council has no review: the ombudsman, with the council\'s phone and email where the pack has them', () => {
  const pack = loadPack('leicester');
  const lines = nextStepLines(nextStepsFor(closed({ tracks: stage1To({ to: 'ombudsman' }) }), pack));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain('Local Government and Social Care Ombudsman');
  const request = nextStepLines(nextStepsFor(closed({ closedFromStage: 'service_request', closure: { reason: 'resolved', note: null, closedOn: '2026-12-02' } }), pack));
  expect(request[0]).toBe(`If you are unhappy with how we dealt with this, you can make a complaint: contact ${/^the /i.test(pack.contacts.team) ? pack.contacts.team : `the ${pack.contacts.team}`}: phone 0116 454 1000, or email customer.services@leicester.gov.uk, or use ${pack.contacts.webFormUrl}.`);
});

test('a housing repair goes to the Housing Ombudsman, a bin to the LGSCO, in the same council', () => {
  const pack = loadPack('south-cambs-housing');
  expect(nextStepLines(nextStepsFor(closed({ leadServiceArea: 'housing_repairs' }), pack)).at(-1)).toMatch(/^You can ask the Housing Ombudsman/);
  expect(nextStepLines(nextStepsFor(closed({ leadServiceArea: 'housing_options' }), pack)).at(-1)).toMatch(/^You can ask the Local Government and Social Care Ombudsman/);
});

test('who is asked: answered cases with someone to ask', () => {
  expect(surveyOffered(closed({}))).toBe(true);
  expect(surveyOffered(closed({ closure: { reason: 'resolved', note: null, closedOn: '2026-12-02' } }))).toBe(true);
  for (const reason of ['withdrawn', 'duplicate', 'recorded', 'ombudsman_decided']) expect(surveyOffered(closed({ closure: { reason, note: null, closedOn: '2026-12-02' } }))).toBe(false);
  expect(surveyOffered(closed({ anonymous: true }))).toBe(false);
  expect(surveyOffered(closed({ anonymisedAt: new Date() }))).toBe(false);
  expect(surveyOffered(closed({ closure: null }))).toBe(false);
});
