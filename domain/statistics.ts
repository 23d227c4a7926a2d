/**
 * The figures of a supervisor's dashboard, computed the same way for an office and for the nation:
 * open cases by status, their age (median and 90th percentile), decisions per week, deadlines
 * passed, cases nobody holds. Pure functions over rows read from the projection. Days and weeks
 * are those of Paris: a case submitted at 23:30 in Paris on Sunday belongs to Sunday, not Monday.
 */
import { CASE_STATUSES, FINAL_STATUSES, MODERATION_STATUSES, type CaseStatus } from './case-status.ts';
import { parisDay } from './french-dates.ts';

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

/** A calendar date (`YYYY-MM-DD`) as a number of days, to count days between two of them. */
function dayNumber(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) / DAY_MS;
}

/** Calendar days from `since` to `now`, in Paris (a case submitted this morning is 0 days old). */
export function ageInDays(since: Date, now: Date): number {
  return Math.max(0, dayNumber(parisDay(now)) - dayNumber(parisDay(since)));
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

/** Monday of the week of `date` in Paris (weeks run Monday to Sunday), as `YYYY-MM-DD`. */
export function weekStart(date: Date): string {
  const day = dayNumber(parisDay(date));
  const sinceMonday = (new Date(day * DAY_MS).getUTCDay() + 6) % 7;
  return new Date((day - sinceMonday) * DAY_MS).toISOString().slice(0, 10);
}

/** The Monday `weeks` weeks before the week of `now` (Paris), as `YYYY-MM-DD`. */
export function mondayWeeksBefore(now: Date, weeks: number): string {
  return new Date((dayNumber(weekStart(now)) - weeks * 7) * DAY_MS).toISOString().slice(0, 10);
}

export interface WeekCount {
  /** Monday of the week, `YYYY-MM-DD`. */
  weekStart: string;
  count: number;
}

/** Decisions per week over the last `weeks` weeks (the current one included), oldest first, empty weeks at 0. */
export function weeklyThroughput(decidedAt: readonly Date[], weeks: number, now: Date): WeekCount[] {
  const series: WeekCount[] = Array.from({ length: weeks }, (_, i) => ({
    weekStart: mondayWeeksBefore(now, weeks - 1 - i),
    count: 0,
  }));
  const index = new Map(series.map((week, i) => [week.weekStart, i]));
  for (const at of decidedAt) {
    const i = index.get(weekStart(at));
    if (i !== undefined) series[i]!.count += 1;
  }
  return series;
}

/** A moment of a case: a decision, or a (re)submission. */
export interface CaseMoment {
  registrationId: string;
  at: Date;
}

/**
 * Days from the submission each decision answered (the latest one before it: a resubmission after a
 * correction starts the clock again; the case's first submission when none is recorded) to the
 * decision. One value per decision, so that the handling time speaks of the very decisions the
 * weekly counts show.
 */
export function handlingDays(
  decisions: ReadonlyArray<CaseMoment & { submittedAt: Date }>,
  submissions: readonly CaseMoment[],
): number[] {
  return decisions.map((decision) => {
    const answered = submissions
      .filter((s) => s.registrationId === decision.registrationId && s.at <= decision.at)
      .reduce((latest, s) => (s.at > latest ? s.at : latest), decision.submittedAt);
    return ageInDays(answered, decision.at);
  });
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
