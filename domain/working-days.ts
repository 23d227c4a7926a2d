/**
 * Working days in France: weekends and the eleven national public holidays are not counted.
 * (Alsace-Moselle's two extra days are not included: offices there can set a longer target.)
 */

/** Easter Sunday (anonymous Gregorian algorithm), as a UTC date. */
function easterSunday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(year, month - 1, day));
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function plusDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

/** The public holidays of a year, as ISO dates. */
export function frenchPublicHolidays(year: number): Set<string> {
  const easter = easterSunday(year);
  return new Set([
    `${year}-01-01`,
    isoDay(plusDays(easter, 1)), // lundi de Pâques
    `${year}-05-01`,
    `${year}-05-08`,
    isoDay(plusDays(easter, 39)), // Ascension
    isoDay(plusDays(easter, 50)), // lundi de Pentecôte
    `${year}-07-14`,
    `${year}-08-15`,
    `${year}-11-01`,
    `${year}-11-11`,
    `${year}-12-25`,
  ]);
}

export function isWorkingDay(day: Date): boolean {
  const weekday = day.getUTCDay();
  return weekday !== 0 && weekday !== 6 && !frenchPublicHolidays(day.getUTCFullYear()).has(isoDay(day));
}

/**
 * The instant `workingDays` working days after `start` (same time of day), skipping weekends and
 * holidays. Day boundaries are taken in UTC, close enough to Paris time for deadlines counted in days.
 */
export function addWorkingDays(start: Date, workingDays: number): Date {
  let day = start;
  let left = workingDays;
  while (left > 0) {
    day = plusDays(day, 1);
    if (isWorkingDay(day)) left -= 1;
  }
  return day;
}

/** Working days between two instants (0 when `end` is not after `start`). */
export function workingDaysBetween(start: Date, end: Date): number {
  let count = 0;
  for (let day = plusDays(start, 1); day <= end; day = plusDays(day, 1)) if (isWorkingDay(day)) count += 1;
  return count;
}
