/**
 * The figures of a supervisor's dashboard, computed the same way for an office and for the nation:
 * open cases by status, their age (median and 90th percentile), decisions per week, deadlines
 * passed, cases nobody holds. Pure functions over rows read from the projection.
 */
import { CASE_STATUSES, FINAL_STATUSES, MODERATION_STATUSES, type CaseStatus } from './case-status.ts';

const DAY_MS = 86_400_000;

/** Submitted and not yet decided: the office still owes an answer. */
export const OPEN_STATUSES: readonly CaseStatus[] = CASE_STATUSES.filter(
  (status) => status !== 'draft' && !FINAL_STATUSES.includes(status),
);

/** Timeline events that are a moderator's decision (a correction request is an answer too). */
export const DECISION_EVENTS = ['approved', 'rejected', 'correction_requested'] as const;

/** Upper bounds (in days, inclusive) of the age classes; the last class has no upper bound. */
export const AGE_CLASS_BOUNDS = [2, 5, 10, 20, 40] as const;

export interface AgeClass {
  /** First day of the class, inclusive. */
  from: number;
  /** Last day, inclusive; null for "more than". */
  to: number | null;
  count: number;
}

/**
 * The p-quantile (0 ≤ p ≤ 1) by linear interpolation between closest ranks, as PostgreSQL's
 * `percentile_cont` and spreadsheets' PERCENTILE.INC; null for no values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(Math.max(p, 0), 1) * (sorted.length - 1);
  const below = Math.floor(rank);
  const above = Math.ceil(rank);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (rank - below);
}

/** The median (the mean of the two middle values for an even count); null for no values. */
export function median(values: readonly number[]): number | null {
  return percentile(values, 0.5);
}

/** Whole days elapsed from `since` to `now` (a case submitted this morning is 0 days old). */
export function ageInDays(since: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - since.getTime()) / DAY_MS));
}

/** How many ages fall in each class (0–2 days, 3–5, 6–10, 11–20, 21–40, over 40). */
export function ageClasses(ages: readonly number[]): AgeClass[] {
  const classes: AgeClass[] = [];
  let from = 0;
  for (const to of [...AGE_CLASS_BOUNDS, null]) {
    const lower = from;
    classes.push({
      from: lower,
      to,
      count: ages.filter((age) => age >= lower && (to === null || age <= to)).length,
    });
    if (to !== null) from = to + 1;
  }
  return classes;
}

/** Monday of the week of `date` (weeks run Monday to Sunday, days counted in UTC), as `YYYY-MM-DD`. */
export function weekStart(date: Date): string {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * DAY_MS).toISOString().slice(0, 10);
}

export interface WeekCount {
  /** Monday of the week, `YYYY-MM-DD`. */
  weekStart: string;
  count: number;
}

/** Decisions per week over the last `weeks` weeks (the current one included), oldest first, empty weeks at 0. */
export function weeklyThroughput(decidedAt: readonly Date[], weeks: number, now: Date): WeekCount[] {
  const current = new Date(`${weekStart(now)}T00:00:00Z`).getTime();
  const series: WeekCount[] = Array.from({ length: weeks }, (_, i) => ({
    weekStart: new Date(current - (weeks - 1 - i) * 7 * DAY_MS).toISOString().slice(0, 10),
    count: 0,
  }));
  const index = new Map(series.map((week, i) => [week.weekStart, i]));
  for (const at of decidedAt) {
    const i = index.get(weekStart(at));
    if (i !== undefined) series[i]!.count += 1;
  }
  return series;
}

/** One open case, as the dashboard reads it from the projection. */
export interface OpenCase {
  status: CaseStatus;
  submittedAt: Date;
  dueAt: Date | null;
  holderId: string | null;
}

export interface WorkloadFigures {
  open: number;
  byStatus: Record<CaseStatus, number>;
  /** Waiting for a moderator and held by nobody. */
  unheld: number;
  /** Still open after their due date. */
  overdue: number;
  /** Age of open cases, in days since submission. */
  medianAgeDays: number | null;
  p90AgeDays: number | null;
  ageClasses: AgeClass[];
}

/** The workload of a set of open cases at `now`. */
export function workloadFigures(cases: readonly OpenCase[], now: Date): WorkloadFigures {
  const byStatus = Object.fromEntries(CASE_STATUSES.map((status) => [status, 0])) as Record<
    CaseStatus,
    number
  >;
  for (const kase of cases) byStatus[kase.status] += 1;
  const ages = cases.map((kase) => ageInDays(kase.submittedAt, now));
  return {
    open: cases.length,
    byStatus,
    unheld: cases.filter((kase) => MODERATION_STATUSES.includes(kase.status) && !kase.holderId).length,
    overdue: cases.filter((kase) => kase.dueAt !== null && kase.dueAt < now).length,
    medianAgeDays: median(ages),
    p90AgeDays: percentile(ages, 0.9),
    ageClasses: ageClasses(ages),
  };
}
