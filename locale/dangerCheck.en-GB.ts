/**
 * The one question asked when the classifier half-suspects danger that no rule saw
 * (dialogs/dangerCheckDialog.ts): plain, short, answerable with a button or in words.
 */
export const dangerCheck = {
  ask: 'Before we go on: is anyone in danger, or is a crime happening, right now?',
  choices: { yes: 'Yes', no: 'No' },
  /** Something other than yes or no: carried on as a no, with what they wrote kept. */
  noted: "Thank you, I've added that to what you've told us.",
};
