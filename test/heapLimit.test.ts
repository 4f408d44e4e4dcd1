import { botHeapArgs } from '../bot/heapLimit';
import { DEFAULT_BOT_MAX_HEAP_MB } from '../services/config';

describe('the heap limit npm start runs the bot under', () => {
  test('BOT_MAX_HEAP_MB sets it', () => {
    expect(botHeapArgs({ BOT_MAX_HEAP_MB: '320' })).toEqual(['--max-old-space-size=320']);
  });

  test('unset, it is the default', () => {
    expect(botHeapArgs({})).toEqual([`--max-old-space-size=${DEFAULT_BOT_MAX_HEAP_MB}`]);
  });

  test('a bad value does not stop the supervisor: the bot itself then reports it', () => {
    expect(botHeapArgs({ BOT_MAX_HEAP_MB: 'lots' })).toEqual([`--max-old-space-size=${DEFAULT_BOT_MAX_HEAP_MB}`]);
  });
});
