/** Written correspondence with residents through GOV.UK Notify: what is written, to whom, and whether it arrived. */
import type { Config } from '../config';
import { NotifyGateway } from './notifyGateway';

export { CorrespondenceService, SEND_CORRESPONDENCE_JOB } from './correspondenceService';
export type { CorrespondenceEvents, CorrespondenceOptions } from './correspondenceService';
export { NotifyGateway, NotifyRejected, NotifyUnavailable } from './notifyGateway';
export { letterLine, problemText } from './wording';

/** The Notify gateway the configuration describes, or null when no key is set. */
export function notifyGatewayFrom(config: Config): NotifyGateway | null {
  if (!config.NOTIFY_API_KEY) return null;
  return new NotifyGateway({
    apiKey: config.NOTIFY_API_KEY,
    baseUrl: config.NOTIFY_BASE_URL,
    templates: {
      email: config.NOTIFY_EMAIL_TEMPLATE_ID,
      sms: config.NOTIFY_SMS_TEMPLATE_ID,
      letter: config.NOTIFY_LETTER_TEMPLATE_ID,
      largePrintLetter: config.NOTIFY_LARGE_PRINT_LETTER_TEMPLATE_ID,
    },
    emailReplyToId: config.NOTIFY_EMAIL_REPLY_TO_ID,
    smsSenderId: config.NOTIFY_SMS_SENDER_ID,
  });
}
