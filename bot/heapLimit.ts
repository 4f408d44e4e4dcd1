/** The Node flag that holds the bot's JavaScript heap to BOT_MAX_HEAP_MB (see services/config.ts). */
import { DEFAULT_BOT_MAX_HEAP_MB, loadConfig } from '../services/config';

/** With a bad configuration, the default: the bot itself then says what is wrong and exits 78. */
export function botHeapArgs(env: NodeJS.ProcessEnv = process.env): string[] {
  let mb = DEFAULT_BOT_MAX_HEAP_MB;
  try {
    mb = loadConfig(env).BOT_MAX_HEAP_MB;
  } catch {
    // reported by bot/main.ts
  }
  return [`--max-old-space-size=${mb}`];
}
