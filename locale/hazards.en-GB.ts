/**
 * What residents are told when what they wrote sounds like a hazard in their home (Awaab's Law),
 * at the end of the intake: what will happen and by when, in plain words, and for an emergency,
 * to phone now rather than wait.
 */
import type { HazardKind } from '../models/hazardVocabulary';

export const HAZARD_IN_WORDS: Record<HazardKind, string> = {
  damp_mould: 'damp or mould',
  gas: 'a gas leak or carbon monoxide',
  electrical: 'dangerous electrics',
  water_leak: 'water coming into your home',
  flooding: 'flooding in your home',
  no_water: 'having no water',
  sanitation: 'having no toilet you can use, or sewage',
  heating: 'having no heating or hot water',
  structural: 'part of your home that could fall or collapse',
  security: 'a door or window that leaves your home unsafe',
};

/** For an emergency: why it is one (damp and mould is an emergency because of who it could harm). */
export const EMERGENCY_IN_WORDS: Record<HazardKind, string> = {
  ...HAZARD_IN_WORDS,
  damp_mould: 'damp or mould that could make someone in your home seriously ill',
};

const list = (items: string[]) => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);

/** Why it may be an emergency, 999, the gas line for gas, and the council's own number. */
function phoneNow(what: string[], contact: { name: string; phone?: string }, gasLine: string | null): string[] {
  return [
    `From what you've told us, this could be an emergency: ${list(what)}.`,
    'If anyone is in danger, call 999 now.',
    what.includes(EMERGENCY_IN_WORDS.gas) && gasLine ? `If you smell gas, leave the windows open, don't use switches or flames, and call ${gasLine}.` : '',
    contact.phone ? `Please also phone ${contact.name} now on ${contact.phone}, day or night, so someone can come out.` : `Please also phone ${contact.name} now, day or night, so someone can come out.`,
  ].filter(Boolean);
}

export const hazards = {
  /** After the emergency signpost, for a council that is a landlord: it is ours to fix too, so carry on. */
  triage: {
    landlord: (contact: { name: string; phone?: string }) =>
      `If this is in a home you rent from us, it's ours to put right too. Please phone ${contact.name}${contact.phone ? ` on ${contact.phone}` : ''} now, day or night. You can also carry on here, so it's recorded and our repairs team sees it straight away.`,
    carryOn: 'Shall I record it for our repairs team now?',
  },
  emergency: {
    /** First, before anything else about the case. */
    callNow: (what: string[], contact: { name: string; phone?: string }, gasLine: string | null) =>
      [...phoneNow(what, contact, gasLine), "Don't wait for a reply here."].join(' '),
    /** In the first reply, as soon as what they wrote sounds like an emergency: phone now, and we can record it too. */
    atOnce: (what: string[], contact: { name: string; phone?: string }, gasLine: string | null) =>
      [...phoneNow(what, contact, gasLine), "Please phone first: don't wait for a reply here. Then you can carry on here too, so it's recorded and our repairs team sees it straight away."].join(' '),
    /** At the end, when they were told to phone at the start: a short reminder. */
    reminder: (contact: { name: string; phone?: string }) =>
      `This could be an emergency: if you haven't phoned ${contact.name}${contact.phone ? ` on ${contact.phone}` : ''} yet, please do it now, day or night.`,
    promise: (by: string) =>
      `By law we must look into this and make your home safe within 24 hours of your message: by ${by}. If we can't make it safe by then, we'll offer you somewhere safe to stay until it is.`,
  },
  significant: {
    intro: (what: string[]) => `${list(what).replace(/^./, (c) => c.toUpperCase())} can harm your health, so we're treating this as a hazard in your home. By law, we will:`,
    steps: (d: { investigate: string; summary: string | null; safety: string | null; further: string | null }) =>
      [
        `• come and investigate by ${d.investigate}`,
        d.summary ? `• write to you within 3 working days of that with what we found and what happens next (by ${d.summary} at the latest)` : '',
        d.safety ? `• start any work needed to make your home safe within 5 working days of the investigation (by ${d.safety} at the latest)` : '',
        d.further ? `• start any further work to stop it coming back within 12 weeks (by ${d.further} at the latest)` : '',
      ]
        .filter(Boolean)
        .join('\n'),
    unsafe: "If we can't make your home safe in time, we'll offer you somewhere safe to stay until it is.",
    worse: (contact: { name: string; phone?: string }) =>
      `If it gets worse, or it's affecting someone's health, phone ${contact.name}${contact.phone ? ` on ${contact.phone}` : ''}.`,
  },
};
