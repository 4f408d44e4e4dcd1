/**
 * A resident's turn has one time budget, whatever it waits on: past it they are told once that
 * something went wrong, what the late turn would still say is dropped, and its progress is not
 * saved, so repeating the answer carries on from where they were. The database here is a memory
 * store that the test can make stop answering and start again.
 */
import { MemoryStorage, StoreItems, TestAdapter, ActivityTypes } from 'botbuilder';
import { en } from '../../locale/en-GB';
import { runWithinBudget } from '../../bot/turnBudget';
import { createHarness } from '../intake/harness';
import type { CaseOpener } from '../../dialogs/intakeDeps';

/** A storage whose reads wait while `held`, and which counts writes. */
class HeldStorage extends MemoryStorage {
  writes = 0;
  private release?: () => void;
  private gate?: Promise<void>;
  hold(): void {
    this.gate = new Promise((r) => (this.release = r));
  }
  let(): void {
    this.release?.();
    this.gate = undefined;
  }
  override async read(keys: string[]): Promise<StoreItems> {
    if (this.gate) await this.gate;
    return super.read(keys);
  }
  override async write(changes: StoreItems): Promise<void> {
    this.writes++;
    return super.write(changes);
  }
}

const noCases: CaseOpener = { open: async () => ({ reference: 'CMP-2026-000001' }) as never };

describe('the turn budget', () => {
  test('a turn that outlives its budget is answered once with the generic error; what it says later is dropped', async () => {
    let finish!: () => void;
    const released = new Promise<void>((r) => (finish = r));
    let settled!: () => void;
    const done = new Promise<void>((r) => (settled = r));
    const adapter = new TestAdapter(async (context) => {
      await runWithinBudget(
        context,
        50,
        async () => {
          await released;
          await context.sendActivity('the late answer');
          await context.sendActivity(en.errors.generic); // as onTurnError would, on a late failure
        },
        () => settled(),
      );
    });
    await adapter.receiveActivity({ type: ActivityTypes.Message, text: 'hello' });
    expect(adapter.activeQueue.map((a) => a.text)).toEqual([en.errors.generic]);
    finish();
    await done;
    expect(adapter.activeQueue.map((a) => a.text)).toEqual([en.errors.generic]);
  });

  test('a turn within its budget says what it says, and no error', async () => {
    const adapter = new TestAdapter(async (context) => runWithinBudget(context, 60_000, async () => void (await context.sendActivity('on time'))));
    await adapter.receiveActivity({ type: ActivityTypes.Message, text: 'hello' });
    expect(adapter.activeQueue.map((a) => a.text)).toEqual(['on time']);
  });

  test('a failure within the budget still reaches the adapter (onTurnError answers it)', async () => {
    const adapter = new TestAdapter(async (context) => runWithinBudget(context, 60_000, async () => Promise.reject(new Error('database down'))));
    let caught: Error | undefined;
    adapter.onTurnError = async (_context, err) => void (caught = err);
    await adapter.receiveActivity({ type: ActivityTypes.Message, text: 'hello' });
    expect(caught?.message).toBe('database down');
  });

  test("the resident bot: a stalled turn's progress is not saved, and repeating the answer carries on", async () => {
    const storage = new HeldStorage();
    let settled!: () => void;
    let abandoned = new Promise<void>((r) => (settled = r));
    const h = createHarness({ connection: undefined as never, cases: noCases, storage, turnBudgetMs: 300, onAbandonedSettled: () => settled() });
    await h.join();
    expect((await h.say('I reported the broken streetlight outside 14 Elm Road three weeks ago and nobody has come to fix it. I am fed up.')).join('\n')).toMatch(/make a complaint/i);

    storage.hold();
    const writesBefore = storage.writes;
    expect(await h.say('Make a complaint')).toEqual([en.errors.generic]);
    storage.let();
    await abandoned;
    expect(storage.writes).toBe(writesBefore); // the late turn finished without saving anything

    abandoned = new Promise<void>((r) => (settled = r));
    // (the next question after the kind; "for yourself, or for someone else?" now rides on the contact question, issue 18)
    expect((await h.say('Make a complaint')).join('\n')).toMatch(/What would you like us to do to put things right/);
    expect(storage.writes).toBeGreaterThan(writesBefore);
  });
});
