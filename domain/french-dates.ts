/**
 * Dates as people read them in France: "14 septembre 2027", in metropolitan French time
 * (Europe/Paris). A calendar date (`YYYY-MM-DD`: an agrément's expiry, a week's Monday) is shown as
 * that day wherever the server runs; an instant is shown as the day and time it was in Paris.
 */

export const PARIS = 'Europe/Paris';

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;
const longDate = (timeZone: string) => new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone });
const parisLong = longDate(PARIS);
const utcLong = longDate('UTC');
const parisDateTime = new Intl.DateTimeFormat('fr-FR', {
  dateStyle: 'long',
  timeStyle: 'short',
  timeZone: PARIS,
});
const parisIso = new Intl.DateTimeFormat('sv-SE', { timeZone: PARIS });

/** The calendar day an instant falls on in Paris, as `YYYY-MM-DD` (for computing, not for reading). */
export function parisDay(at: Date): string {
  return parisIso.format(at);
}

const parisOffset = new Intl.DateTimeFormat('en-US', { timeZone: PARIS, timeZoneName: 'longOffset' });

/** The instant a Paris calendar day begins (`2026-03-29` → 2026-03-28T23:00:00Z). */
export function parisMidnight(day: string): Date {
  const utcMidnight = new Date(`${day}T00:00:00Z`);
  const offset = /GMT([+-])(\d{2}):(\d{2})/.exec(parisOffset.format(utcMidnight));
  const minutes = offset ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) : 0;
  return new Date(utcMidnight.getTime() - minutes * 60_000);
}

/** The first of the month is written « 1er » in French. */
const firstOfMonth = (text: string) => text.replace(/^1 /, '1er ');

/** "14 septembre 2027", "1er juin 2027"; empty for no value. */
export function frenchDate(value: string | Date | null | undefined): string {
  if (!value) return '';
  if (typeof value === 'string' && CALENDAR_DATE.test(value))
    return firstOfMonth(utcLong.format(new Date(`${value}T00:00:00Z`)));
  return firstOfMonth(parisLong.format(new Date(value)));
}

/** "14 septembre 2027 à 09:30", Paris time; empty for no value. */
export function frenchDateTime(value: string | Date | null | undefined): string {
  return value ? firstOfMonth(parisDateTime.format(new Date(value))) : '';
}
