/**
 * The smallest shape an incoming activity must have before it reaches the adapter. Anything else
 * (arrays, operators in place of strings, missing ids) is refused at the edge with a clear message.
 */
import { z } from 'zod';

const id = z.string().min(1).max(1024);

export const ActivityEnvelope = z.looseObject({
  type: z.string().min(1).max(64),
  id: id.optional(),
  channelId: z.string().min(1).max(64),
  serviceUrl: z.url({ protocol: /^https?$/ }).max(2048),
  conversation: z.looseObject({ id }),
  from: z.looseObject({ id, name: z.string().max(256).optional() }),
  recipient: z.looseObject({ id }).optional(),
  text: z.string().max(20000).optional(),
});

export function describeEnvelopeProblems(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
}
