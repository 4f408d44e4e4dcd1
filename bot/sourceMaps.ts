/**
 * Imported first by main.ts. tsx turns on Node's source-map support, which keeps a parsed map for
 * every module loaded afterwards (12-15 MB for the bot); stack traces in the logs then point into
 * the TypeScript. LOG_SOURCE_MAPS=true keeps that for debugging; by default it is off, to keep the
 * bot's memory down.
 */
if (!/^(1|true)$/i.test(process.env.LOG_SOURCE_MAPS ?? '')) process.setSourceMapsEnabled(false);
