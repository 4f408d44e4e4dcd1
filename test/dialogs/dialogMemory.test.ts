/**
 * The dialog memory scopes built on one turn serve the next (dialogs/dialogMemory.ts): botbuilder
 * then builds no new set, and a dialog reading its memory (`step.values`, the options) across turns
 * answers as before.
 */
import { ActivityTypes, ConversationState, MemoryStorage, TestAdapter, type TurnContext } from 'botbuilder';
import { DialogSet, TextPrompt, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import { keepDialogMemory, reuseDialogMemory } from '../../dialogs/dialogMemory';

test('a second turn uses the memory scopes of the first, and the dialog carries on as before', async () => {
  const state = new ConversationState(new MemoryStorage());
  const dialogs = new DialogSet(state.createProperty('dialogState'));
  dialogs.add(new TextPrompt('text'));
  dialogs.add(
    new WaterfallDialog('ask', [
      async (step: WaterfallStepContext) => step.prompt('text', `When, on ${(step.options as { street: string }).street}?`),
      async (step) => {
        (step.values as Record<string, unknown>).when = step.result;
        return step.prompt('text', 'Anything else?');
      },
      async (step) => {
        await step.context.sendActivity(`Noted: ${String((step.values as Record<string, unknown>).when)}, and "${String(step.result)}" on ${(step.options as { street: string }).street}`);
        return step.endDialog();
      },
    ]),
  );
  const configurations: unknown[] = [];
  const adapter = new TestAdapter(async (context: TurnContext) => {
    reuseDialogMemory(context);
    const dc = await dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === 'empty') await dc.beginDialog('ask', { street: 'Elm Road' });
    configurations.push(dc.state.configuration);
    keepDialogMemory(context);
    await state.saveChanges(context);
  });
  await adapter
    .send({ type: ActivityTypes.Message, text: 'bins' })
    .assertReply('When, on Elm Road?')
    .send('last Tuesday')
    .assertReply('Anything else?')
    .send('the lid is broken')
    .assertReply('Noted: last Tuesday, and "the lid is broken" on Elm Road')
    .startTest();
  expect(configurations).toHaveLength(3);
  expect(configurations[0]).toBeDefined();
  expect(configurations[1]).toBe(configurations[0]);
  expect(configurations[2]).toBe(configurations[0]);
});
