import { Writable } from 'node:stream';
import { createLogger } from '../services/logger';

test('logs keep ids but redact message text and personal details', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  const log = createLogger('info', sink);
  log.info({ caseRef: 'OWBC-2026-000001', text: 'my neighbour John at 4 Elm St', resident: { name: 'Jane Doe', email: 'jane@example.org', phone: '07700 900123' }, activity: { text: 'hello', from: { name: 'Jane' } } }, 'case opened');
  const out = lines.join('');
  expect(out).toContain('OWBC-2026-000001');
  for (const secret of ['John', 'Elm St', 'Jane', 'jane@example.org', '07700', 'hello']) expect(out).not.toContain(secret);
});
