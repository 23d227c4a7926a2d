/**
 * What a parent asks for (where, for which age, which days and hours, from when, at home or in a
 * MAM) and whether a childminder's declared availability fits it. Hours count in quarter hours:
 * hers rounded inwards, the parent's outwards, so that a fit is never promised that her hours do not
 * cover. The same masks feed the PostgreSQL search (api/search/), so both apply this one rule.
 */
import { z } from 'zod';
import {
  AGE_GROUPS,
  WEEKDAYS,
  type AgeGroup,
  type Availability,
  type TimeSlot,
  type Weekday,
} from './availability.ts';
import type { Workplace } from './publication.ts';

/** Distances offered, in km; 0 means "in the commune only". */
export const SEARCH_RADII = [0, 5, 10, 20] as const;
export type SearchRadius = (typeof SEARCH_RADII)[number];

export const DAYS = Object.keys(WEEKDAYS) as Weekday[];
const QUARTERS_PER_DAY = 96;
export const SLOT_MASK_BITS = DAYS.length * QUARTERS_PER_DAY;

const clock = /^([01]\d|2[0-3]):[0-5]\d$/;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** What a parent needs: all optional but the place. */
export interface Need {
  ageGroup: AgeGroup | null;
  days: Weekday[];
  /** Both or neither: the hours needed on each of the days. */
  hours: { from: string; to: string } | null;
  /** ISO date the child would start. */
  startDate: string | null;
  workplace: Workplace | null;
}

const asList = (value: unknown) =>
  value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value];

/** The search as the URL carries it (`/recherche?commune=69383&rayon=10&age=under3&jours=mon&jours=tue&de=08:00&a=18:00`). */
export const searchQuerySchema = z
  .object({
    commune: z
      .string({ error: 'Choisissez une commune ou un code postal.' })
      .trim()
      .regex(/^(\d{5}|2[AB]\d{3})$/, 'Choisissez une commune dans la liste.'),
    rayon: z.coerce
      .number()
      .refine(
        (r) => (SEARCH_RADII as readonly number[]).includes(r),
        'Distance : dans la commune, 5, 10 ou 20 km.',
      )
      .default(10),
    age: z.enum(Object.keys(AGE_GROUPS) as [AgeGroup], { error: 'Tranche d’âge inconnue.' }).optional(),
    jours: z.preprocess(asList, z.array(z.enum(DAYS as [Weekday], { error: 'Jour inconnu.' })).max(7)),
    de: z
      .string()
      .regex(clock, 'Heure attendue au format HH:MM.')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    a: z
      .string()
      .regex(clock, 'Heure attendue au format HH:MM.')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    debut: z.iso
      .date({ error: 'Date attendue au format AAAA-MM-JJ.' })
      .optional()
      .or(z.literal('').transform(() => undefined)),
    lieu: z
      .enum(['home', 'mam'], { error: 'À domicile ou en MAM.' })
      .optional()
      .or(z.literal('').transform(() => undefined)),
    apres: z.string().max(200).optional(),
  })
  .check((ctx) => {
    const { de, a, jours } = ctx.value;
    if ((de === undefined) !== (a === undefined)) {
      ctx.issues.push({
        code: 'custom',
        input: de ?? a,
        path: [de ? 'a' : 'de'],
        message: 'Indiquez l’heure de début et l’heure de fin.',
      });
    } else if (de && a && minutesOf(de) >= minutesOf(a)) {
      ctx.issues.push({
        code: 'custom',
        input: a,
        path: ['a'],
        message: 'L’heure de fin doit suivre l’heure de début.',
      });
    } else if (de && jours.length === 0) {
      ctx.issues.push({
        code: 'custom',
        input: jours,
        path: ['jours'],
        message: 'Choisissez les jours où ces horaires sont nécessaires.',
      });
    }
  });
export type SearchQuery = z.output<typeof searchQuerySchema>;

export function needOf(query: SearchQuery): Need {
  return {
    ageGroup: query.age ?? null,
    days: DAYS.filter((day) => query.jours.includes(day)),
    hours: query.de && query.a ? { from: query.de, to: query.a } : null,
    startDate: query.debut ?? null,
    workplace: query.lieu ?? null,
  };
}

/** 7 bits, Monday first: the days she works at all. */
export function daysMask(days: readonly Weekday[]): number {
  return days.reduce((mask, day) => mask | (1 << DAYS.indexOf(day)), 0);
}

/** Quarter hours fully inside her slots, as a bit string (Monday 00:00 first). */
export function slotMask(slots: readonly TimeSlot[]): string {
  const bits = new Array<string>(SLOT_MASK_BITS).fill('0');
  for (const slot of slots) {
    const day = DAYS.indexOf(slot.day) * QUARTERS_PER_DAY;
    const first = Math.ceil(minutesOf(slot.start) / 15);
    const last = Math.floor(minutesOf(slot.end) / 15);
    for (let q = first; q < last; q++) bits[day + q] = '1';
  }
  return bits.join('');
}

/** Quarter hours the parent needs (touching her hours), as a bit string; null without hours. */
export function needMask(need: Pick<Need, 'days' | 'hours'>): string | null {
  if (!need.hours || need.days.length === 0) return null;
  const bits = new Array<string>(SLOT_MASK_BITS).fill('0');
  const first = Math.floor(minutesOf(need.hours.from) / 15);
  const last = Math.ceil(minutesOf(need.hours.to) / 15);
  for (const day of need.days) {
    const base = DAYS.indexOf(day) * QUARTERS_PER_DAY;
    for (let q = first; q < last; q++) bits[base + q] = '1';
  }
  return bits.join('');
}

const covers = (have: string, want: string) => [...want].every((bit, i) => bit === '0' || have[i] === '1');

/**
 * Whether her declaration offers a place that fits: places for the age group (any group when none is
 * asked), every day asked (and the hours, when given), free on the start date, where asked.
 */
export function availabilityFits(availability: Availability, workplace: Workplace, need: Need): boolean {
  if (availability.status !== 'available') return false;
  if (need.workplace && need.workplace !== workplace) return false;
  const places = need.ageGroup
    ? availability.places[need.ageGroup]
    : Object.values(availability.places).reduce((sum, n) => sum + n, 0);
  if (places <= 0) return false;
  if (need.startDate && availability.from > need.startDate) return false;
  const worked = daysMask(availability.slots.map((slot) => slot.day));
  const wanted = daysMask(need.days);
  if ((worked & wanted) !== wanted) return false;
  const mask = needMask(need);
  return mask === null || covers(slotMask(availability.slots), mask);
}

/** How she is listed: a place that fits first, then "complète", then an overdue declaration. */
export type ListingRank = 0 | 1 | 2;
export const LISTING_LABELS: Record<ListingRank, string> = {
  0: 'Place disponible',
  1: 'Complète',
  2: 'Disponibilités non confirmées',
};

/** Great-circle distance in km (the search computes the same in SQL). */
export function distanceKm(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}
