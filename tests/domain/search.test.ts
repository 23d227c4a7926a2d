/**
 * Matching a childminder's declared availability to what a parent needs (age group, days, hours,
 * start date, home or MAM), the quarter-hour rule, distances, the search URL's rules, the
 * publication rule, and the answer rules of a contact request.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Availability, TimeSlot, Weekday } from '../../domain/availability.ts';
import { contactRequestSchema } from '../../domain/contact-request-forms.ts';
import { answerViolation } from '../../domain/contact-requests.ts';
import { isPublishable, isSearchable } from '../../domain/publishable.ts';
import {
  availabilityFits,
  DAYS,
  distanceKm,
  needMask,
  searchQuerySchema,
  slotMask,
  type Need,
} from '../../domain/search.ts';

const week = (days: Weekday[], start: string, end: string): TimeSlot[] =>
  days.map((day) => ({ day, start, end }));
const her = (overrides: Partial<Availability> = {}): Availability => ({
  status: 'available',
  from: '2026-09-01',
  places: { under3: 1, from3to6: 0, over6: 0 },
  slots: week(['mon', 'tue', 'thu', 'fri'], '07:30', '18:30'),
  ...overrides,
});
const need = (overrides: Partial<Need> = {}): Need => ({
  ageGroup: null,
  days: [],
  hours: null,
  startDate: null,
  workplace: null,
  ...overrides,
});

describe('a place that fits', () => {
  it('needs a place for the age group asked, or any place when no age is asked', () => {
    expect(availabilityFits(her(), 'home', need({ ageGroup: 'under3' }))).toBe(true);
    expect(availabilityFits(her(), 'home', need({ ageGroup: 'from3to6' }))).toBe(false);
    expect(availabilityFits(her(), 'home', need())).toBe(true);
    expect(availabilityFits(her({ places: { under3: 0, from3to6: 0, over6: 0 } }), 'home', need())).toBe(
      false,
    );
  });

  it('is never a childminder who is complete or unavailable', () => {
    expect(availabilityFits(her({ status: 'full' }), 'home', need())).toBe(false);
    expect(availabilityFits(her({ status: 'unavailable' }), 'home', need())).toBe(false);
  });

  it('covers every day asked, and the hours on each of them', () => {
    expect(availabilityFits(her(), 'home', need({ days: ['mon', 'fri'] }))).toBe(true);
    expect(availabilityFits(her(), 'home', need({ days: ['mon', 'wed'] }))).toBe(false);
    const hours = (from: string, to: string) => need({ days: ['tue'], hours: { from, to } });
    expect(availabilityFits(her(), 'home', hours('07:30', '18:30'))).toBe(true);
    expect(availabilityFits(her(), 'home', hours('07:15', '18:00'))).toBe(false);
    expect(availabilityFits(her(), 'home', hours('08:00', '18:45'))).toBe(false);
  });

  it('counts hours in quarter hours: hers rounded inwards, the parent’s outwards', () => {
    const odd = her({ slots: week(['mon'], '07:40', '18:20') });
    // Her 07:40 counts from 07:45; the parent's 07:50 counts from 07:45: covered.
    expect(
      availabilityFits(odd, 'home', need({ days: ['mon'], hours: { from: '07:50', to: '18:10' } })),
    ).toBe(true);
    // The parent's 07:40 counts from 07:30, before her 07:45: not promised.
    expect(
      availabilityFits(odd, 'home', need({ days: ['mon'], hours: { from: '07:40', to: '18:00' } })),
    ).toBe(false);
  });

  it('is free on the start date, and where the parent wants it', () => {
    expect(availabilityFits(her(), 'home', need({ startDate: '2026-09-01' }))).toBe(true);
    expect(availabilityFits(her(), 'home', need({ startDate: '2026-08-31' }))).toBe(false);
    expect(availabilityFits(her(), 'home', need({ workplace: 'mam' }))).toBe(false);
    expect(availabilityFits(her(), 'mam', need({ workplace: 'mam' }))).toBe(true);
  });

  it('two slots back to back cover a need across them', () => {
    const split = her({ slots: [...week(['mon'], '07:30', '12:00'), ...week(['mon'], '12:00', '18:30')] });
    expect(
      availabilityFits(split, 'home', need({ days: ['mon'], hours: { from: '08:00', to: '17:00' } })),
    ).toBe(true);
  });

  it('never promises hours she does not cover (property)', () => {
    const clock = fc
      .integer({ min: 0, max: 95 })
      .map(
        (q) =>
          `${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15 + (q % 3)).padStart(2, '0')}`,
      );
    fc.assert(
      fc.property(clock, clock, clock, clock, fc.constantFrom(...DAYS), (a, b, c, d, day) => {
        const [start, end] = [a, b].sort();
        const [from, to] = [c, d].sort();
        if (start === end || from === to) return;
        const fits = availabilityFits(
          her({ slots: week([day], start!, end!) }),
          'home',
          need({ days: [day], hours: { from: from!, to: to! } }),
        );
        if (fits) expect(start! <= from! && to! <= end!).toBe(true);
      }),
    );
  });

  it('masks have a bit per quarter hour of the week, Monday first', () => {
    const mask = slotMask(week(['mon'], '00:00', '00:30'));
    expect(mask.length).toBe(672);
    expect(mask.slice(0, 3)).toBe('110');
    expect(needMask(need({ days: ['sun'], hours: { from: '23:50', to: '23:55' } }))!.slice(-1)).toBe('1');
    expect(needMask(need({ days: ['mon'] }))).toBeNull();
  });
});

describe('distances and the search URL', () => {
  it('measures great-circle km between communes’ centres', () => {
    const lyon3 = { lon: 4.84902, lat: 45.76029 };
    const meyzieu = { lon: 5.00366, lat: 45.76672 };
    expect(distanceKm(lyon3, meyzieu)).toBeGreaterThan(11);
    expect(distanceKm(lyon3, meyzieu)).toBeLessThan(13);
    expect(distanceKm(lyon3, lyon3)).toBe(0);
  });

  it('reads repeated days, offers only the distances of the form, and wants both hours or none', () => {
    expect(searchQuerySchema.parse({ commune: '69383', jours: ['mon', 'tue'] }).jours).toEqual([
      'mon',
      'tue',
    ]);
    expect(searchQuerySchema.parse({ commune: '69383', jours: 'wed' }).jours).toEqual(['wed']);
    expect(searchQuerySchema.parse({ commune: '69383' }).rayon).toBe(10);
    expect(searchQuerySchema.safeParse({ commune: '69383', rayon: '15' }).success).toBe(false);
    expect(searchQuerySchema.safeParse({ commune: '69383', de: '08:00', jours: 'mon' }).success).toBe(false);
    expect(
      searchQuerySchema.safeParse({ commune: '2A004', de: '08:00', a: '17:00', jours: 'mon' }).success,
    ).toBe(true);
  });
});

describe('who parents see, and answers to their requests', () => {
  it('publishes an active childminder or one whose change is being checked, and lists her unless unavailable', () => {
    expect(isPublishable({ caseStatus: 'active' })).toBe(true);
    expect(isPublishable({ caseStatus: 'change_in_moderation' })).toBe(true);
    expect(isPublishable({ caseStatus: 'in_moderation' })).toBe(false);
    expect(isPublishable({ caseStatus: 'rejected' })).toBe(false);
    expect(isPublishable({ caseStatus: 'active', closed: true })).toBe(false);
    expect(isSearchable({ caseStatus: 'active', availability: 'unavailable' })).toBe(false);
    expect(isSearchable({ caseStatus: 'active', availability: 'full' })).toBe(true);
  });

  it('lets her answer a delivered request only, and says kindly when it expired', () => {
    expect(answerViolation('delivered')).toBeNull();
    expect(answerViolation('expired')).toBe('request_expired');
    expect(answerViolation('answered')).toBe('already_answered');
    expect(answerViolation('awaiting_verification')).toBe('not_delivered');
  });

  it('wants a real email, at least one day and a short message from the parent; the phone is optional', () => {
    const base = {
      parentName: 'Léa Martin',
      parentEmail: 'lea@exemple.test',
      ageGroup: 'under3',
      startDate: '2027-01-04',
      days: ['mon'],
      message: 'Bonjour, une place en janvier ?',
    };
    expect(contactRequestSchema.parse(base).parentPhone).toBeNull();
    expect(contactRequestSchema.parse({ ...base, parentPhone: '+33 6 12 34 56 78' }).parentPhone).toBe(
      '06 12 34 56 78',
    );
    expect(contactRequestSchema.safeParse({ ...base, days: [] }).success).toBe(false);
    expect(contactRequestSchema.safeParse({ ...base, parentPhone: '123' }).success).toBe(false);
  });
});
