/**
 * Learning from complaints as case commands: staff record what a case taught the council and,
 * where something must change, an action with its owner and due date; later they mark it done.
 * Pure like commands.ts; the learning register (services/learning) lists them across cases.
 * Points recorded before the register existed have no id: they are numbered by position.
 */
import type { z } from 'zod';
import type { CaseRecord, LearningPoint } from '../../models/caseRecord';
import { readableDate } from '../workingDays';
import type { Applied, CommandContext } from './commands';
import { CaseRuleError } from './errors';
import { financialQuarter } from './financialQuarter';
import type * as I from './inputs';

export const MAX_LEARNING_POINTS = 50;

/** A point's id: its own, or "L<position>" for points recorded before ids were given. */
export const learningPointId = (p: LearningPoint, index: number): string => p.id ?? `L${index + 1}`;

export function recordLearning(record: CaseRecord, input: z.output<typeof I.RecordLearningInput>, ctx: CommandContext): Applied {
  if (record.learningPoints.length >= MAX_LEARNING_POINTS) {
    throw new CaseRuleError(record._id, `Case ${record._id} already has ${MAX_LEARNING_POINTS} learning points; add to one of them in a note instead.`);
  }
  if (input.action && input.action.dueOn < ctx.today) {
    throw new CaseRuleError(record._id, `The action's due date, ${readableDate(input.action.dueOn)}, is in the past. Choose today or a later date.`);
  }
  const id = `L${record.learningPoints.length + 1}`;
  const point: LearningPoint = {
    id,
    theme: input.theme.toLowerCase(),
    detail: input.detail,
    addedOn: ctx.today,
    fq: financialQuarter(ctx.today),
    action: input.action ? { text: input.action.text, owner: input.action.owner, dueOn: input.action.dueOn, doneOn: null, doneBy: null } : null,
  };
  return {
    next: { ...record, learningPoints: [...record.learningPoints, point] },
    what: input.action
      ? `Learning recorded (${point.theme}), with an action for ${input.action.owner.name} due by ${readableDate(input.action.dueOn)}`
      : `Learning recorded (${point.theme})`,
    details: { pointId: id, theme: point.theme, detail: point.detail, ...(point.action ? { action: point.action.text, owner: point.action.owner, dueOn: point.action.dueOn } : {}) },
    result: () => ({ pointId: id }),
  };
}

export function completeLearningAction(record: CaseRecord, input: z.output<typeof I.CompleteLearningActionInput>, ctx: CommandContext): Applied {
  const index = record.learningPoints.findIndex((p, i) => learningPointId(p, i) === input.pointId);
  const point = record.learningPoints[index];
  if (!point) throw new CaseRuleError(record._id, `Case ${record._id} has no learning point ${input.pointId}.`);
  if (!point.action) throw new CaseRuleError(record._id, `Learning point ${input.pointId} of case ${record._id} has no action to mark done.`);
  if (point.action.doneOn) {
    throw new CaseRuleError(record._id, `The action for learning point ${input.pointId} was already marked done on ${readableDate(point.action.doneOn)} by ${point.action.doneBy?.name ?? 'someone'}.`);
  }
  const doneBy = { id: ctx.actor.id, name: ctx.actor.name };
  const points = record.learningPoints.map((p, i) => (i === index ? { ...p, id: input.pointId, action: { ...point.action!, doneOn: ctx.today, doneBy } } : p));
  return {
    next: { ...record, learningPoints: points },
    what: `Learning action done (${point.theme})${ctx.today > point.action.dueOn ? `, after its due date of ${readableDate(point.action.dueOn)}` : ''}`,
    details: { pointId: input.pointId, doneOn: ctx.today, dueOn: point.action.dueOn },
    result: () => ({ pointId: input.pointId, doneOn: ctx.today }),
  };
}
