/**
 * The project's layers: bot → dialogs → services → models, never back, and no import cycle
 * (type-only imports count: a cycle of types still ties the modules together).
 * `npm test` runs this through `npm run deps:layers`.
 */
module.exports = {
  forbidden: [
    { name: 'no-cycle', severity: 'error', comment: 'Modules that import each other cannot be understood or tested alone.', from: {}, to: { circular: true } },
    { name: 'models-own-their-words', severity: 'error', comment: 'Models are the bottom layer: they import no service, dialog or bot module.', from: { path: '^models/' }, to: { path: '^(services|dialogs|bot)/' } },
    { name: 'services-below-dialogs', severity: 'error', comment: 'Services serve dialogs and the bot; they never reach up into them.', from: { path: '^services/' }, to: { path: '^(dialogs|bot)/' } },
    { name: 'wording-above-models', severity: 'error', comment: 'Wording (locale/) is read by dialogs and services alike, so it may use only the models.', from: { path: '^locale/' }, to: { path: '^(services|dialogs|bot)/' } },
    { name: 'dialogs-below-bot', severity: 'error', comment: 'Dialogs are composed by the bot, not the other way round.', from: { path: '^dialogs/' }, to: { path: '^bot/' } },
    { name: 'domain-without-teams', severity: 'error', comment: 'The case lifecycle does not know how Teams shows it.', from: { path: '^services/(cases|policy|workingDays|retention|correspondence|hazards)/' }, to: { path: '^services/teams/' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|test|bench|scripts|public|\\.tools)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
