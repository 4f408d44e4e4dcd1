/**
 * Open311 GeoReport v2 as it comes over the wire (JSON format), checked with zod so nothing an
 * endpoint sends reaches the rest of the bot unchecked. Servers differ in small ways (booleans as
 * "true", numbers as text, absent optional fields), so the schemas accept those spellings.
 * Spec: https://wiki.open311.org/GeoReport_v2
 */
import { z } from 'zod';

const bool = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean());
const text = (max: number) => z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string().max(max));
const optionalText = (max: number) => z.preprocess((v) => (v === null ? undefined : v), text(max).optional());

/** One entry of GET services.json. */
export const Service = z.object({
  service_code: text(200).pipe(z.string().min(1)),
  service_name: text(300).pipe(z.string().min(1)),
  description: optionalText(2000),
  metadata: z.preprocess((v) => (v === undefined || v === null ? false : v), bool),
  type: optionalText(20),
  /** Comma-separated, as the spec gives them. */
  keywords: optionalText(2000),
  group: optionalText(300),
});
export type Service = z.infer<typeof Service>;
export const ServiceList = z.array(Service).max(2000);

export const AttributeValue = z.object({ key: text(200), name: text(300) });
export const Attribute = z.object({
  variable: z.preprocess((v) => (v === undefined ? true : v), bool),
  code: text(200).pipe(z.string().min(1)),
  datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
  required: z.preprocess((v) => (v === undefined ? false : v), bool),
  datatype_description: optionalText(1000),
  order: z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v), z.number().optional()),
  description: optionalText(1000),
  values: z.preprocess((v) => (v === null || v === '' ? undefined : v), z.array(AttributeValue).max(200).optional()),
});
export type Attribute = z.infer<typeof Attribute>;

/** GET services/{service_code}.json */
export const ServiceDefinition = z.object({ service_code: text(200), attributes: z.array(Attribute).max(100).default([]) });
export type ServiceDefinition = z.infer<typeof ServiceDefinition>;

/** POST requests.json answers with an id, or with a token to look the id up later. */
export const Created = z
  .array(
    z.object({
      service_request_id: optionalText(200),
      token: optionalText(200),
      service_notice: optionalText(2000),
      account_id: optionalText(200),
    }),
  )
  .min(1);
export type Created = z.infer<typeof Created>[number];

/** GET tokens/{token}.json */
export const TokenAnswer = z.array(z.object({ service_request_id: optionalText(200), token: optionalText(200) }));

/** One entry of GET requests.json. */
export const ServiceRequest = z.object({
  service_request_id: text(200),
  status: z.preprocess((v) => (typeof v === 'string' ? v.toLowerCase() : v), z.string().max(50)),
  status_notes: optionalText(5000),
  service_name: optionalText(300),
  service_code: optionalText(200),
  agency_responsible: optionalText(300),
  service_notice: optionalText(2000),
  requested_datetime: optionalText(50),
  updated_datetime: optionalText(50),
  expected_datetime: optionalText(50),
});
export type ServiceRequest = z.infer<typeof ServiceRequest>;
export const ServiceRequestList = z.array(ServiceRequest).max(1000);

/** Every error answer: an array of { code, description }. */
export const ErrorList = z.array(z.object({ code: z.union([z.number(), z.string()]).optional(), description: optionalText(2000) })).min(1);
