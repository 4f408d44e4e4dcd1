/**
 * How private each Bot Framework channel is, which decides where the bot may ask for personal
 * details. Only the council's own website chat (and local test channels) is private enough:
 *
 *  - website: the council's own chat page (Web Chat over Direct Line), the Emulator, tests;
 *  - public: posts others can see (X replies and mentions): the bot only works out what the
 *    message is about and points to the right place, then hands over to the website at once;
 *  - social: private messages held by another company (Messenger, Instagram, WhatsApp, SMS...):
 *    the bot may hear what happened, but hands over before asking who anyone is, for files or
 *    for contact details.
 *
 * A channel not listed here is treated as `social`: a new connector should not quietly become a
 * place where the bot collects personal data.
 */

export type ChannelPrivacy = 'website' | 'public' | 'social';

const WEBSITE = new Set(['webchat', 'directline', 'directlinespeech', 'emulator', 'test']);
const PUBLIC = new Set(['twitter', 'x']);

/** Channel ids (as Azure Bot Service and common adapters send them) and the platform names cases record. */
const PLATFORM_OF_CHANNEL: Record<string, Platform> = {
  facebook: 'facebook',
  messenger: 'facebook',
  instagram: 'instagram',
  whatsapp: 'whatsapp',
  twitter: 'x',
  x: 'x',
  telegram: 'telegram',
  sms: 'sms',
  'twilio-sms': 'sms',
  email: 'email',
  outlook: 'email',
  line: 'line',
  kik: 'other',
  groupme: 'other',
  skype: 'other',
  slack: 'other',
};

export const PLATFORMS = ['facebook', 'instagram', 'whatsapp', 'x', 'telegram', 'tiktok', 'linkedin', 'nextdoor', 'sms', 'email', 'line', 'other'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** How residents know each platform, for what the bot says and what staff see. */
export const PLATFORM_LABEL: Record<Platform, string> = {
  facebook: 'Facebook',
  instagram: 'Instagram',
  whatsapp: 'WhatsApp',
  x: 'X',
  telegram: 'Telegram',
  tiktok: 'TikTok',
  linkedin: 'LinkedIn',
  nextdoor: 'Nextdoor',
  sms: 'text message',
  email: 'email',
  line: 'LINE',
  other: 'social media',
};

export function channelPrivacy(channelId: string | undefined): ChannelPrivacy {
  const id = (channelId ?? '').toLowerCase();
  if (WEBSITE.has(id)) return 'website';
  if (PUBLIC.has(id)) return 'public';
  return 'social';
}

/** The platform a channel belongs to; `other` for channels we do not know by name. */
export function platformOfChannel(channelId: string | undefined): Platform {
  return PLATFORM_OF_CHANNEL[(channelId ?? '').toLowerCase()] ?? 'other';
}

/** A platform name as a social media team might type it ("Twitter", "FB", "Insta") → ours. */
export function normalisePlatform(name: string): Platform | undefined {
  const n = name.trim().toLowerCase().replace(/[\s_.-]+/g, '');
  const aliases: Record<string, Platform> = { twitter: 'x', fb: 'facebook', messenger: 'facebook', facebookmessenger: 'facebook', insta: 'instagram', ig: 'instagram', text: 'sms', textmessage: 'sms' };
  if (aliases[n]) return aliases[n];
  return (PLATFORMS as readonly string[]).includes(n) ? (n as Platform) : undefined;
}
