/** The Notify templates the README tells a council to create, as the local Notify holds them, and the settings that point at them. */
import type { NotifyServer } from '../support/notifyServer';

export const TEMPLATES = {
  email: '0c1c5c6e-3d5e-4a47-9a4c-1f0b6a0d7e01',
  sms: '5b1a2f0e-8a57-4b5e-b0d9-2c0e6f3a9b02',
  letter: 'a7e3c9d4-1b2f-4c6e-8d0a-3f5b7c9e1d03',
  largePrint: 'b8f4d0e5-2c3a-4d7f-9e1b-4a6c8d0f2e04',
};
/** The templates README tells a council to paste into Notify. */
export const NOTIFY_TEMPLATES = {
  [TEMPLATES.email]: { type: 'email' as const, subject: '((subject))', body: '((body))' },
  [TEMPLATES.sms]: { type: 'sms' as const, body: '((body))' },
  [TEMPLATES.letter]: { type: 'letter' as const, subject: '((subject))', body: '((body))' },
  [TEMPLATES.largePrint]: { type: 'letter' as const, subject: '((subject))', body: '((body))' },
};
export const notifyEnv = (n: NotifyServer, token: string) => ({
  NOTIFY_API_KEY: n.apiKey,
  NOTIFY_BASE_URL: n.url,
  NOTIFY_EMAIL_TEMPLATE_ID: TEMPLATES.email,
  NOTIFY_SMS_TEMPLATE_ID: TEMPLATES.sms,
  NOTIFY_LETTER_TEMPLATE_ID: TEMPLATES.letter,
  NOTIFY_LARGE_PRINT_LETTER_TEMPLATE_ID: TEMPLATES.largePrint,
  NOTIFY_CALLBACK_TOKEN: token,
});
