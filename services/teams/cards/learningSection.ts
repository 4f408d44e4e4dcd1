/**
 * The learning part of the case card: what staff recorded as learnt from the case, each action
 * with its owner, due date and status, a form to record more once the case is answered or closed,
 * and a button to mark an open action done. Pure, like caseCard.ts, which places these pieces.
 */
import type { LearningStatus } from '../../../models/learningEntry';
import type { CaseView } from '../../cases';
import { offered } from '../../staffActions/registry';
import { learningPointId } from '../../cases/learning';
import { statusOf } from '../../learning/learningRegister';
import { londonDate } from '../../workingDays/londonTime';
import { formatDate } from '../wording';
import { actionSet, CardAction, CardElement, textBlock } from './adaptive';
import { actionButton, actionForm } from './actionInputs';

/** Words on the card; a manager reads the same statuses in the tab's register. */
export const LEARNING_STATUS_LABEL: Record<LearningStatus, string> = { open: 'open', overdue: 'overdue', done: 'done', no_action: 'no action needed' };

const DETAIL_CHARS = 160;
/** The card lists this many points; the tab's register has them all. */
const POINTS_SHOWN = 6;

export interface LearningCardData {
  points: Array<{ id: string; line: string; status: LearningStatus }>;
  more: number;
  canRecord: boolean;
  /** Open or overdue actions that can be marked done. */
  completable: Array<{ id: string; title: string }>;
  owners: Array<{ id: string; name: string }>;
}

const short = (s: string) => (s.length > DETAIL_CHARS ? `${s.slice(0, DETAIL_CHARS - 1)}…` : s);
/** Ends a sentence once, whether or not staff ended it themselves. */
const sentence = (s: string) => (/[.!?…]$/.test(s) ? s : `${s}.`);

export function learningCardData(view: CaseView, ctx: { staff: Array<{ aadObjectId: string; name: string; roles: string[] }>; today?: string; hasStage2?: boolean }): LearningCardData {
  const today = ctx.today ?? londonDate(new Date());
  const anonymised = !!view.anonymisedAt;
  const points = view.learningPoints.map((p, i) => {
    const id = learningPointId(p, i);
    const status = statusOf(p.action ?? null, today);
    const action = p.action
      ? ` Action: ${short(p.action.text)} (${p.action.owner.name}, due ${formatDate(p.action.dueOn)}${p.action.doneOn ? `, done ${formatDate(p.action.doneOn)}` : ''}).`
      : '';
    return { id, status, line: `${id} · ${p.theme}: ${sentence(anonymised ? 'details removed' : short(p.detail))}${action} Status: ${LEARNING_STATUS_LABEL[status]}.` };
  });
  return {
    points: points.slice(-POINTS_SHOWN),
    more: Math.max(0, points.length - POINTS_SHOWN),
    canRecord: offered('recordLearning', view, { hasStage2: ctx.hasStage2 ?? false }),
    completable: offered('completeLearningAction', view, { hasStage2: ctx.hasStage2 ?? false })
      ? points.filter((p) => p.status === 'open' || p.status === 'overdue').map((p) => ({ id: p.id, title: `Mark ${p.id} action done` }))
      : [],
    owners: ctx.staff.filter((s) => s.roles.length > 0).map((s) => ({ id: s.aadObjectId, name: s.name })),
  };
}

/** The list of points (and their "mark done" buttons), for the card's body. */
export function learningBody(d: LearningCardData, ids: { reference: string; version: number }): CardElement[] {
  if (!d.points.length) return [];
  const body: CardElement[] = [textBlock('What was learnt', { weight: 'bolder', spacing: 'medium' })];
  for (const p of d.points) body.push(textBlock(p.line, { spacing: 'none', ...(p.status === 'overdue' ? { color: 'attention' as const } : {}) }));
  if (d.more) body.push(textBlock(`And ${d.more} earlier: see the learning register in the tab.`, { isSubtle: true, spacing: 'none' }));
  // Teams shows at most 5 actions in one set.
  for (let i = 0; i < d.completable.length; i += 5) {
    body.push(actionSet(d.completable.slice(i, i + 5).map((c) => actionButton('completeLearningAction', { ...ids, pointId: c.id }, c.title))));
  }
  return body;
}

/** The "Record what was learnt" form, for the card's forms. */
export function learningForms(d: LearningCardData, ids: { reference: string; version: number }): CardAction[] {
  if (!d.canRecord) return [];
  return [
    actionForm(
      'recordLearning',
      ids,
      [textBlock('For the learning register: what this case showed the council, and what will change. An action needs an owner and a due date.', { isSubtle: true })],
      { choices: { actionOwner: d.owners.map((o) => ({ title: o.name, value: o.id })) } },
    ),
  ];
}
