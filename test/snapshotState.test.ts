/**
 * The conversation state's change check (services/state/snapshotState.ts): what is stored after a
 * turn, and that a turn that changed nothing writes nothing, as botbuilder's own ConversationState.
 */
import { ConversationState, MemoryStorage, type StoreItems, TestAdapter, TurnContext } from 'botbuilder';
import { SnapshotConversationState } from '../services/state/snapshotState';

class CountingStorage extends MemoryStorage {
  writes: StoreItems[] = [];
  override async write(changes: StoreItems): Promise<void> {
    this.writes.push(JSON.parse(JSON.stringify(changes)));
    return super.write(changes);
  }
}

const KEY = 'test/conversations/conv-1/';
const turn = () => new TurnContext(new TestAdapter(), { type: 'message', channelId: 'test', conversation: { id: 'conv-1', isGroup: false, conversationType: '', name: '' }, text: 'hi' });

describe.each([
  ['botbuilder', (s: MemoryStorage) => new ConversationState(s)],
  ['snapshot', (s: MemoryStorage) => new SnapshotConversationState(s)],
])('conversation state (%s)', (_name, make) => {
  test('a changed property is stored; a turn that changes nothing writes nothing', async () => {
    const storage = new CountingStorage();
    const state = make(storage);
    const draft = state.createProperty<{ text?: string; steps?: number[] }>('draft');

    const first = turn();
    (await draft.get(first, {})).text = 'bins not collected';
    await state.saveChanges(first);
    expect(storage.writes).toHaveLength(1);
    expect(storage.writes[0][KEY]).toMatchObject({ draft: { text: 'bins not collected' } });
    await state.saveChanges(first); // saved already: nothing new
    expect(storage.writes).toHaveLength(1);

    const second = turn();
    expect(await draft.get(second)).toEqual({ text: 'bins not collected' });
    await state.saveChanges(second);
    expect(storage.writes).toHaveLength(1);

    const third = turn();
    (await draft.get(third, {})).steps = [1, 2];
    await state.saveChanges(third);
    expect(storage.writes).toHaveLength(2);
    expect((await storage.read([KEY]))[KEY]).toMatchObject({ draft: { text: 'bins not collected', steps: [1, 2] } });
  });

  test('cleared state is stored empty, and a forced save writes even when nothing changed', async () => {
    const storage = new CountingStorage();
    const state = make(storage);
    const draft = state.createProperty<{ text?: string }>('draft');
    const first = turn();
    (await draft.get(first, {})).text = 'graffiti';
    await state.saveChanges(first);

    const second = turn();
    await state.load(second);
    await state.clear(second);
    await state.saveChanges(second);
    expect(storage.writes).toHaveLength(2);
    expect(await draft.get(turn())).toBeUndefined();

    const third = turn();
    await state.load(third);
    await state.saveChanges(third, true);
    expect(storage.writes).toHaveLength(3);
  });
});
