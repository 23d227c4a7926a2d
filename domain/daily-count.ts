/** Counting what someone did in one day (Paris time), for the daily limits of edits and uploads. */
import { parisToday } from './agrement.ts';

/** How many, and on which Paris calendar day: plain JSON, carried in a workflow's state. */
export interface DailyCount {
  day: string;
  count: number;
}

/** How many were counted on the day of `now` (none when the count is of another day). */
export function countToday(daily: DailyCount | null | undefined, now: Date): number {
  return daily?.day === parisToday(now) ? daily.count : 0;
}

/** The count with one more, today. */
export function oneMoreToday(daily: DailyCount | null | undefined, now: Date): DailyCount {
  return { day: parisToday(now), count: countToday(daily, now) + 1 };
}
