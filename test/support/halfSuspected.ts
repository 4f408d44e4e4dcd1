/**
 * Messages the committed model half-suspects of danger with no rule matching (emergency or police
 * between DANGER_CHECK_FLOOR and the add threshold), for the tests of the danger question. They
 * depend on model.json: after `npm run train`, if test/classifier/dangerCheck.test.ts says one is
 * no longer half-suspected, `npm run classify` finds a replacement (its reasons say "danger question").
 */
export const HALF_SUSPECTED = {
  emergency: 'the garage roof at the end of the block looks like it might come down',
  police_matter: "there's a lad on a moped going round the estate looking in car windows",
} as const;
