/** Her week, read from her declared slots: one line per day, and a short summary for the results. */
import type { TimeSlot, Weekday } from '#lib/domain.ts';
import { DAYS } from '#lib/domain.ts';

export interface WeekRow {
  day: Weekday;
  hours: string[];
}

const hours = (slot: TimeSlot) => `${slot.start}–${slot.end}`;

/** Monday to Sunday, each with its hours in order (empty when she does not work that day). */
export function weekRows(slots: readonly TimeSlot[]): WeekRow[] {
  return DAYS.map((day) => ({
    day,
    hours: slots
      .filter((slot) => slot.day === day)
      .sort((a, b) => a.start.localeCompare(b.start))
      .map(hours),
  }));
}

/** "Lundi, mardi, jeudi, vendredi : 07:30–18:30" — days with the same hours grouped. */
export function weekSummary(slots: readonly TimeSlot[], names: Record<Weekday, string>): string {
  const groups = new Map<string, Weekday[]>();
  for (const row of weekRows(slots)) {
    if (!row.hours.length) continue;
    const key = row.hours.join(', ');
    groups.set(key, [...(groups.get(key) ?? []), row.day]);
  }
  return [...groups]
    .map(([key, days]) => {
      const list = days.map((d, i) => (i === 0 ? names[d] : names[d].toLowerCase())).join(', ');
      return `${list} : ${key}`;
    })
    .join(' ; ');
}
