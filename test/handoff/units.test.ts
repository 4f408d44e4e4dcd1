/** Channel privacy, platform names and the signed link token, on their own. */
import { channelPrivacy, deriveLinkKey, HandoffLinks, normalisePlatform, platformOfChannel } from '../../services/handoff';

describe('which channels are private enough for personal details', () => {
  test.each([
    ['webchat', 'website'],
    ['directline', 'website'],
    ['emulator', 'website'],
    ['facebook', 'social'],
    ['instagram', 'social'],
    ['whatsapp', 'social'],
    ['telegram', 'social'],
    ['sms', 'social'],
    ['twitter', 'public'],
    ['x', 'public'],
    ['a-connector-nobody-has-heard-of', 'social'],
    ['', 'social'],
  ])('%s is %s', (channel, privacy) => {
    expect(channelPrivacy(channel)).toBe(privacy);
  });

  test('platform names from channel ids and from what a social media team types', () => {
    expect(platformOfChannel('twitter')).toBe('x');
    expect(platformOfChannel('twilio-sms')).toBe('sms');
    expect(platformOfChannel('mastodon')).toBe('other');
    expect(normalisePlatform('Twitter')).toBe('x');
    expect(normalisePlatform(' FB ')).toBe('facebook');
    expect(normalisePlatform('WhatsApp')).toBe('whatsapp');
    expect(normalisePlatform('myspace')).toBeUndefined();
  });
});

describe('handoff link tokens', () => {
  const links = new HandoffLinks(deriveLinkKey('a-secret-that-is-long-enough-for-tests-0123'));
  const id = 'hAbCdEfGhIjKlMnOpQrStUv';
  const now = new Date('2026-11-23T10:00:00Z');
  const inADay = new Date(now.getTime() + 24 * 3_600_000);

  test('a token is short enough for a text message and names its handoff', () => {
    const token = links.sign(id, inADay);
    expect(token.length).toBeLessThan(90);
    expect(links.verify(token, now)).toEqual({ ok: true, handoffId: id });
  });

  test('expired, edited, forged or malformed tokens are refused', () => {
    const token = links.sign(id, inADay);
    expect(links.verify(token, new Date(inADay.getTime() + 1000))).toEqual({ ok: false, reason: 'expired' });
    const [hid, exp, mac] = token.split('.');
    const later = (parseInt(exp, 36) + 86_400).toString(36);
    expect(links.verify(`${hid}.${later}.${mac}`, now)).toEqual({ ok: false, reason: 'invalid' }); // lengthened by hand
    expect(links.verify(`hZZZZZZZZZZZZZZZZZZZZZZ.${exp}.${mac}`, now)).toEqual({ ok: false, reason: 'invalid' });
    const other = new HandoffLinks(deriveLinkKey('another-secret-that-is-long-enough-0123456'));
    expect(links.verify(other.sign(id, inADay), now)).toEqual({ ok: false, reason: 'invalid' });
    for (const bad of ['', 'x', `${token}.extra`, { $ne: '' }, null, 'a'.repeat(5000)]) expect(links.verify(bad, now).ok).toBe(false);
  });
});
