/**
 * The shape of a council's policy pack: the rules of its complaints procedure, each traceable to
 * the document (or Ombudsman Code) it comes from. Packs are data files in /policies, parsed with
 * this schema once when loaded (see loadPack.ts).
 */
import { z } from 'zod';
import { DEADLINE_UNITS } from '../workingDays/deadline';
import { HOLIDAY_REGIONS } from '../workingDays/holidays';
import { HazardKind } from '../../models/hazardVocabulary';
import { FeedbackKind, RouteId, SERVICE_AREAS, ServiceArea } from '../../models/vocabulary';

/** Source names for rules taken from the Ombudsman Codes rather than a council document. */
export const CODE_DOCS = ['housing-ombudsman-complaint-handling-code-2024', 'lgsco-complaint-handling-code-2024'] as const;
/**
 * Source names for rules that are the law itself (housing hazards: Awaab's Law). These are not
 * council documents, so `npm run packs:check` does not look for them in the council's folder;
 * `section` gives the regulation or section, to check against legislation.gov.uk.
 */
export const LAW_DOCS = [
  'hazards-in-social-housing-regulations-2025', // SI 2025/1042, in force 27 October 2025
  'landlord-and-tenant-act-1985', // s.10A, inserted by s.42 Social Housing (Regulation) Act 2023
  'awaabs-law-guidance-2025', // MHCLG, Awaab's Law: guidance for social landlords (17 October 2025)
] as const;
/** Every source that is not one of the council's own documents. */
export const EXTERNAL_DOCS: readonly string[] = [...CODE_DOCS, ...LAW_DOCS];

const text = z.string({ error: 'expected text' }).trim().min(1, 'expected non-empty text');
const positiveInt = z
  .number({ error: 'expected a positive integer' })
  .int('expected a positive integer')
  .positive('expected a positive integer');
const phone = z
  .string({ error: 'expected a phone number' })
  .regex(/^[+(]?[0-9][0-9 ()]{1,18}[0-9]$/, 'expected a phone number such as 0116 454 1000');
const email = z.email({ error: 'expected an email address' });
const url = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });
const isoDate = z.iso.date({ error: 'expected a date as YYYY-MM-DD' });

/** Where a rule comes from. `section` is the heading or number as the document writes it. */
export const SourceRef = z.strictObject({
  /** A file name in shared/policies (e.g. leicester-city-council.txt), README.md there, or one of CODE_DOCS. */
  doc: text,
  section: text,
  /** A short verbatim excerpt, for documents whose sections have no headings. */
  quote: text.optional(),
  /** How the rule was read, where the document is ambiguous or silent. */
  note: text.optional(),
  /** True when the value is not stated by the document and must be checked with the council. */
  uncertain: z.boolean().optional(),
});
export type SourceRef = z.infer<typeof SourceRef>;

export const Contact = z.strictObject({
  name: text,
  phone: phone.optional(),
  email: email.optional(),
  url: url.optional(),
  address: text.optional(),
  /** Where these contact details come from, when not from the rule's own source. */
  source: SourceRef.optional(),
});
export type Contact = z.infer<typeof Contact>;

export const Signpost = z.strictObject({
  /** Plain English: why the complaints procedure does not handle this, and where to go instead. */
  message: text,
  contact: Contact,
  /** Further contacts in order of use (e.g. the gas emergency line after 999). */
  more: z.array(Contact).optional(),
  source: SourceRef,
});
export type Signpost = z.infer<typeof Signpost>;

const FeedbackKindDefinition = z.strictObject({
  kind: FeedbackKind,
  definition: text,
  /** What happens to this kind of feedback, in plain English. */
  handling: text.optional(),
  source: SourceRef,
});

/** A period counted in `unit`s (the field is `days` because most rules are working days). */
const period = <const B extends readonly [string, ...string[]]>(bases: B) =>
  z.strictObject({ days: positiveInt, unit: z.enum(DEADLINE_UNITS), from: z.enum(bases), source: SourceRef });

const Stage = z.strictObject({
  acknowledge: period(['receipt']),
  respond: period(['receipt', 'acknowledgement']),
  extension: z.strictObject({
    /** Extra working days beyond the respond deadline; null when the policy sets no limit. */
    maxDays: positiveInt.nullable(),
    unit: z.literal('working_days'),
    reasonRequired: z.boolean(),
    source: SourceRef,
  }),
  /** Who handles the stage (e.g. "Executive Director of the service"). */
  handledBy: text.optional(),
});

const Timescales = z.strictObject({
  stage1: Stage,
  stage2: Stage.nullable(),
  /** How long after the stage 1 response a resident has to ask for stage 2; null if not stated. */
  stage2RequestWindow: period(['stage1_response']).nullable(),
  /** Reply time for comments, if the policy promises one. */
  commentReply: z
    .strictObject({ days: positiveInt, unit: z.enum(DEADLINE_UNITS), onlyIfAsked: z.boolean(), source: SourceRef })
    .nullable(),
});

const Anonymous = z
  .strictObject({
    handling: z.enum(['accepted', 'not_normally', 'serious_only', 'not_stated']),
    decidedBy: text.nullable(),
    /** Plain English for the resident. */
    whatHappens: text,
    /** Whether the council can reply to an anonymous complainant; null when not stated. */
    replyPossible: z.boolean().nullable(),
    source: SourceRef.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.handling !== 'not_stated' && !value.source) {
      ctx.addIssue({ code: 'custom', path: ['source'], message: 'is missing (required unless handling is not_stated)' });
    }
  });

const TimeLimit = z.strictObject({
  months: positiveInt,
  discretion: z.boolean(),
  /** The council's wording, paraphrased plainly. */
  wording: text,
  source: SourceRef,
});

const Rule = z.strictObject({ rule: text, source: SourceRef });

const Representatives = z.strictObject({
  whoCanAct: text,
  /** null = the document does not say. */
  consentRequired: z.boolean().nullable(),
  writtenAuthorisationRequired: z.boolean().nullable(),
  idRequired: z.boolean().nullable(),
  source: SourceRef,
  /** Designated persons who can refer a housing complaint to the Housing Ombudsman. */
  designatedPersons: z.strictObject({ who: z.array(text).min(1), role: text, source: SourceRef }).nullable(),
  rules: z.array(Rule),
});

/** Written correspondence with residents. */
const Correspondence = z.strictObject({
  /** Whether the written acknowledgement goes when the case is received, or when staff acknowledge it on the card. */
  acknowledgement: z.enum(['on_receipt', 'when_acknowledged']),
  source: SourceRef,
  /** A councillor the resident asked, in writing, to keep informed gets a copy of every letter; null or absent: no such rule. */
  councillorCopies: Rule.nullable().optional(),
});

const OmbudsmanBody = Contact.extend({ phone, url, source: SourceRef });
export type OmbudsmanBody = z.infer<typeof OmbudsmanBody>;

const Ombudsman = z.strictObject({
  lgsco: OmbudsmanBody,
  housing: OmbudsmanBody,
  /** Service areas whose complaints go to the Housing Ombudsman; everything else goes to the LGSCO. */
  housingAreas: z.strictObject({ areas: z.array(ServiceArea), source: SourceRef }),
  /** When a resident can go to the ombudsman. */
  when: Rule,
  /** Housing Ombudsman wait after the final response unless referred by a designated person; null if none stated. */
  housingWait: z
    .strictObject({
      weeks: positiveInt,
      unlessDesignatedPerson: z.boolean(),
      source: SourceRef,
      /** Set when the rule no longer applies in law; the bot should not tell residents to wait. */
      superseded: text.optional(),
    })
    .nullable(),
});

const ElsewhereBody = z.strictObject({
  areas: z.array(ServiceArea).min(1),
  body: Contact,
  message: text,
  source: SourceRef,
});

export type ElsewhereBody = z.infer<typeof ElsewhereBody>;

const Services = z.strictObject({
  /** The service areas the council (or this procedure) handles itself; 'all' for a unitary council. */
  runs: z.union([z.literal('all'), z.array(ServiceArea).min(1)]),
  source: SourceRef,
  /** Who runs the rest: every area not in `runs` must appear here exactly once. */
  elsewhere: z.array(ElsewhereBody),
});

/** The council's works system (Open311): service codes for areas, winning over matching by name and keywords. */
const Open311 = z.strictObject({
  services: z.partialRecord(ServiceArea, z.array(z.string().min(1).max(200)).min(1)).default({}),
});

const Calendar = z.strictObject({
  region: z.enum(HOLIDAY_REGIONS).default('england-and-wales'),
  closureDays: z.array(isoDate).default([]),
  source: SourceRef.optional(),
});

/** A legal timescale for housing hazards: `count` units from when the council became aware, or from the investigation. */
const HazardPeriod = z.strictObject({
  count: positiveInt,
  /** Hours are clock time (24 hours is 24 hours, nights and weekends included); working days skip weekends and bank holidays. */
  unit: z.enum(['hours', 'working_days', 'weeks']),
  from: z.enum(['awareness', 'investigation']),
  /** What must be done by then, in plain words (staff read it on the card). */
  duty: text,
  source: SourceRef,
});
export type HazardPeriod = z.infer<typeof HazardPeriod>;

/**
 * Housing hazards, for a council that is a social landlord (Awaab's Law). Absent: the council has
 * no homes of its own, and hazards are not recognised.
 */
const Hazards = z.strictObject({
  /** Where the council's own document shows it is a social landlord. */
  landlord: Rule,
  /** The duty itself: the prescribed requirements are implied terms of its social tenancies. */
  scope: Rule,
  /** Hazards the regulations make significant hazards (below emergency), as phased in. */
  significantKinds: z.strictObject({ kinds: z.array(HazardKind).min(1), source: SourceRef }),
  emergency: z.strictObject({ investigate: HazardPeriod, make_safe: HazardPeriod }),
  significant: z.strictObject({ investigate: HazardPeriod, written_summary: HazardPeriod, safety_work: HazardPeriod, further_works: HazardPeriod }),
  alternativeAccommodation: Rule,
  /** Who a resident with an emergency hazard should phone now (the out-of-hours repairs line). */
  emergencyContact: Contact,
});
export type Hazards = z.infer<typeof Hazards>;

const Contacts = z.strictObject({
  team: text,
  phone: phone.optional(),
  email: email.optional(),
  postalAddress: text.optional(),
  inPerson: text.optional(),
  webFormUrl: url.optional(),
  website: url.optional(),
  source: SourceRef,
});

export const PolicyPack = z
  .strictObject({
    id: z.string({ error: 'expected text' }).regex(/^[a-z0-9-]+$/, 'expected a lower-case id such as leicester'),
    councilName: text,
    shortName: text,
    /** What the procedure covers, in plain English. */
    scope: Rule,
    caseRefPrefix: z.string({ error: 'expected text' }).regex(/^[A-Z]{2,6}$/, 'expected 2 to 6 capital letters such as OWBC'),
    privacyNotice: z.strictObject({ url: url.nullable(), source: SourceRef }),
    contacts: Contacts,
    feedbackKinds: z.array(FeedbackKindDefinition).min(1, 'expected at least one feedback kind'),
    /** Whether a resident must (or is asked to) give the service a chance to put things right first. */
    serviceFirst: z.strictObject({ expectation: z.enum(['required', 'encouraged', 'not_stated']), rule: text, source: SourceRef }),
    socialMedia: Rule.nullable(),
    stages: z.union([z.literal(1), z.literal(2)], { error: 'expected 1 or 2' }),
    timescales: Timescales,
    anonymous: Anonymous,
    /** null when the policy sets no time limit. */
    timeLimit: TimeLimit.nullable(),
    representatives: Representatives,
    /** Absent: the acknowledgement is written when staff acknowledge (what every seed policy describes). */
    correspondence: Correspondence.optional(),
    signposts: z.record(RouteId, Signpost),
    ombudsman: Ombudsman,
    services: Services,
    calendar: Calendar,
    /** Housing hazards (Awaab's Law), for councils that are social landlords; absent otherwise. */
    hazards: Hazards.optional(),
    /** Optional: explicit Open311 service codes per service area (see README, "The council's works system"). */
    open311: Open311.optional(),
    /** How the council reports what it learns from complaints (the learning register); absent: the policy does not say. */
    learning: z.strictObject({ reportEvery: z.enum(['quarter', 'year']), reportTo: text, source: SourceRef }).optional(),
    /** Pack-level notes for maintainers (what was assumed and why). */
    notes: z.array(text).optional(),
  })
  .superRefine((pack, ctx) => {
    if (pack.stages === 1 && pack.timescales.stage2 !== null) {
      ctx.addIssue({ code: 'custom', path: ['timescales', 'stage2'], message: 'must be null when stages is 1' });
    }
    if (pack.stages === 2 && pack.timescales.stage2 === null) {
      ctx.addIssue({ code: 'custom', path: ['timescales', 'stage2'], message: 'is required when stages is 2' });
    }
    if (pack.stages === 1 && pack.timescales.stage2RequestWindow !== null) {
      ctx.addIssue({ code: 'custom', path: ['timescales', 'stage2RequestWindow'], message: 'must be null when stages is 1' });
    }

    const kinds = pack.feedbackKinds.map((k) => k.kind);
    if (!kinds.includes('complaint')) {
      ctx.addIssue({ code: 'custom', path: ['feedbackKinds'], message: 'must define "complaint"' });
    }
    kinds.forEach((kind, i) => {
      if (kinds.indexOf(kind) !== i) ctx.addIssue({ code: 'custom', path: ['feedbackKinds', i, 'kind'], message: `"${kind}" is defined twice` });
    });

    // Every service area is either run by the council or signposted to exactly one other body.
    const { runs, elsewhere } = pack.services;
    const seen = new Map<ServiceArea, string>();
    elsewhere.forEach((entry, i) =>
      entry.areas.forEach((area, j) => {
        const path = ['services', 'elsewhere', i, 'areas', j];
        if (runs === 'all' || runs.includes(area)) {
          ctx.addIssue({ code: 'custom', path, message: `"${area}" is also listed in services.runs` });
        } else if (seen.has(area)) {
          ctx.addIssue({ code: 'custom', path, message: `"${area}" is already listed under ${seen.get(area)}` });
        }
        seen.set(area, entry.body.name);
      }),
    );
    if (runs !== 'all') {
      const missing = SERVICE_AREAS.filter((area) => !runs.includes(area) && !seen.has(area));
      if (missing.length > 0) {
        ctx.addIssue({ code: 'custom', path: ['services', 'elsewhere'], message: `does not say who runs: ${missing.join(', ')}` });
      }
    }
  });

export type PolicyPack = z.infer<typeof PolicyPack>;
/** The shape of a pack file before defaults are applied. */
export type PolicyPackInput = z.input<typeof PolicyPack>;
export type Stage = z.infer<typeof Stage>;
export type Timescales = z.infer<typeof Timescales>;
