import type { createHarness } from './harness';

const REF = /Your reference is ([A-Z]+-2026-\d{6})/;

/**
 * Says `first`, then answers each question with the first answer whose pattern matches the bot's
 * reply, as a resident would, until the case reference; the whole transcript and the reference.
 */
export async function answerUntilReference(h: ReturnType<typeof createHarness>, first: string, answers: Array<[RegExp, string]>, maxTurns = 16): Promise<{ transcript: string; reference: string }> {
  await h.join();
  const all = [`> ${first}`];
  let reply = (await h.say(first)).join('\n');
  all.push(reply);
  for (let turn = 0; turn < maxTurns && !REF.test(reply); turn++) {
    const answer = answers.find(([re]) => re.test(reply))?.[1];
    if (!answer) throw new Error(`no answer for: ${reply}\n${all.join('\n')}`);
    all.push(`> ${answer}`);
    reply = (await h.say(answer)).join('\n');
    all.push(reply);
  }
  const reference = REF.exec(reply)?.[1];
  if (!reference) throw new Error(`no reference:\n${all.join('\n')}`);
  return { transcript: all.join('\n'), reference };
}
