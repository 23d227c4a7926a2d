/**
 * Working days in France: weekends and public holidays are not counted. The holidays come from
 * `@socialgouv/jours-feries` (the State's SocialGouv team, the Code du travail's list), national ones
 * everywhere, and in Moselle, Bas-Rhin and Haut-Rhin also Good Friday and Saint Stephen's Day
 * (26 December), which local law adds there. Day boundaries are taken in UTC, close enough to Paris
 * time for deadlines counted in days.
 */
// Its type declarations (the package ships none), for every program that reaches this file: the UI's
// svelte-check reaches it through imports, outside the root tsconfig that lists the .d.ts.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- a .d.ts of `declare module` cannot be imported
/// <reference path="./jours-feries.d.ts" />
import joursFeries from '@socialgouv/jours-feries';

/** Départements under Alsace-Moselle's local law, with two more public holidays. */
export const ALSACE_MOSELLE_DEPARTEMENTS: readonly string[] = ['57', '67', '68'];

/** Whose calendar a count of working days follows: a département's (null: the national one). */
export interface WorkingCalendar {
  departement?: string | null;
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function plusDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

const cache = new Map<string, Set<string>>();

/**
 * The public holidays of a year, as ISO dates, for a département (national ones when none is given).
 * The package builds local-time dates: read back with local getters, they are the calendar days.
 */
export function frenchPublicHolidays(year: number, calendar: WorkingCalendar = {}): Set<string> {
  const alsace = ALSACE_MOSELLE_DEPARTEMENTS.includes(calendar.departement ?? '');
  const key = `${year}:${alsace}`;
  let days = cache.get(key);
  if (!days) {
    const pad = (n: number) => String(n).padStart(2, '0');
    days = new Set(
      Object.values(joursFeries(year, { alsace })).map(
        (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
      ),
    );
    cache.set(key, days);
  }
  return days;
}

export function isWorkingDay(day: Date, calendar: WorkingCalendar = {}): boolean {
  const weekday = day.getUTCDay();
  return (
    weekday !== 0 && weekday !== 6 && !frenchPublicHolidays(day.getUTCFullYear(), calendar).has(isoDay(day))
  );
}

/**
 * The instant `workingDays` working days after `start` (same time of day), skipping weekends and
 * the holidays of the calendar's département.
 */
export function addWorkingDays(start: Date, workingDays: number, calendar: WorkingCalendar = {}): Date {
  let day = start;
  let left = workingDays;
  while (left > 0) {
    day = plusDays(day, 1);
    if (isWorkingDay(day, calendar)) left -= 1;
  }
  return day;
}

/** Working days between two instants (0 when `end` is not after `start`). */
export function workingDaysBetween(start: Date, end: Date, calendar: WorkingCalendar = {}): number {
  let count = 0;
  for (let day = plusDays(start, 1); day <= end; day = plusDays(day, 1))
    if (isWorkingDay(day, calendar)) count += 1;
  return count;
}
