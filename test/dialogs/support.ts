/**
 * One child dialog alone, through botbuilder-testing's DialogTestClient: each row is the options it
 * is begun with, what the resident types turn by turn and what they see, and the typed result the
 * dialog ends with. The first turn begins the dialog (what it says is not read, as in the intake).
 */
import { randomUUID } from 'node:crypto';
import type { Activity, Attachment, Middleware } from 'botbuilder';
import type { Dialog } from 'botbuilder-dialogs';
import { DialogTurnStatus } from 'botbuilder-dialogs';
import { DialogTestClient } from 'botbuilder-testing';
import { flatten } from '../intake/harness';
import { loadPack } from '../../services/policy';

export const pack = loadPack('default');
export const NOW = new Date('2026-11-23T10:00:00Z');
export const clock = () => NOW;

/** What the resident sends: text, or files. */
export type Say = string | { attach: Attachment[]; text?: string };
/** A turn: what they send, a pattern every reply of that turn together must match (or several), and one it must not. */
export type Turn = [say: Say, expect: RegExp | RegExp[], reject?: RegExp];

export interface Row<O, R> {
  name: string;
  options: O;
  turns: Turn[];
  /** The dialog's result; `waiting` when it is still asking after the last turn. */
  result: R | 'waiting';
}

function activityOf(say: Say): Partial<Activity> {
  return typeof say === 'string' ? { type: 'message', text: say } : { type: 'message', text: say.text ?? '', attachments: say.attach };
}

/** Runs one row and returns every reply, for a row to check more if it needs to. */
export async function runRow<O, R>(dialog: Dialog, row: Row<O, R>): Promise<string[]> {
  // A copy, as the dialog keeps its working answers in its options; each row a conversation of its
  // own (DialogTestClient's is always "Convo1"), as ids made from it must not clash between rows.
  const conversationId = `dialog-test-${randomUUID()}`;
  const ownConversation: Middleware = {
    onTurn: async (context, next) => {
      context.activity.conversation = { ...context.activity.conversation, id: conversationId };
      await next();
    },
  };
  const client = new DialogTestClient('directline', dialog, structuredClone(row.options), [ownConversation]);
  const transcript: string[] = [];
  for (const [say, expected, rejected] of row.turns) {
    const replies: string[] = [];
    let reply = (await client.sendActivity(activityOf(say))) as Partial<Activity> | undefined;
    while (reply) {
      if (reply.type === 'message') replies.push(flatten(reply));
      reply = client.getNextReply() as Partial<Activity> | undefined;
    }
    const all = replies.join('\n---\n');
    transcript.push(`> ${typeof say === 'string' ? say : '[files]'}`, all);
    for (const re of Array.isArray(expected) ? expected : [expected]) {
      if (!re.test(all)) throw new Error(`after "${typeof say === 'string' ? say : 'files'}" expected ${re} in:\n${all}\n\nTranscript:\n${transcript.join('\n')}`);
    }
    if (rejected?.test(all)) throw new Error(`after "${String(say)}" did not expect ${rejected} in:\n${all}`);
  }
  const { status, result } = client.dialogTurnResult;
  if (row.result === 'waiting') expect(status).toBe(DialogTurnStatus.waiting);
  else {
    expect(status).toBe(DialogTurnStatus.complete);
    expect(result).toEqual(row.result);
  }
  return transcript;
}

export const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'), Buffer.alloc(200)]);
export const png = (name = 'photo.png', bytes: Buffer = PNG): Attachment => ({ contentType: 'image/png', name, contentUrl: `data:image/png;base64,${bytes.toString('base64')}` });
