import { SignedLinks } from '../services/http/signedLinks';

const KEY = 'one-key-shared-by-two-uses-0123456789abcdef';
const ID = /[A-Z]{3}-\d{4}-\d{6}/;

describe('signed links', () => {
  const survey = new SignedLinks(KEY, 'survey-link/v1', ID);
  const other = new SignedLinks(KEY, 'something-else/v1', ID);
  const inAWeek = new Date(Date.now() + 7 * 86_400_000);

  test('a link made for one use does not pass as another, even with the same key', () => {
    const token = survey.sign('ABC-2026-000123', inAWeek);
    expect(survey.verify(token)).toEqual({ ok: true, id: 'ABC-2026-000123' });
    expect(other.verify(token)).toEqual({ ok: false, reason: 'invalid' });
  });

  test('an edited id or expiry, a wrong shape or a non-string is invalid; a past expiry is expired', () => {
    const token = survey.sign('ABC-2026-000123', inAWeek);
    expect(survey.verify(token.replace('000123', '000124'))).toEqual({ ok: false, reason: 'invalid' });
    const [id, exp, mac] = token.split('.');
    expect(survey.verify(`${id}.${(parseInt(exp, 36) + 1).toString(36)}.${mac}`)).toEqual({ ok: false, reason: 'invalid' });
    for (const bad of ['', 'x.y.z', `${token}.extra`, { $gt: '' }, null, 42]) expect(survey.verify(bad)).toEqual({ ok: false, reason: 'invalid' });
    expect(survey.verify(survey.sign('ABC-2026-000123', new Date(Date.now() - 1000)))).toEqual({ ok: false, reason: 'expired' });
  });
});
