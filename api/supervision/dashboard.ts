/**
 * The supervisors' dashboard, read from the projection (`cases`, `case_events`): the workload of each
 * office and of all of them, computed by domain/statistics.ts, the same way at every scale.
 */
import type { Knex } from 'knex';
import type { CaseStatus } from '../../domain/case-status.ts';
import { parisMidnight } from '../../domain/french-dates.ts';
import {
  DECISION_EVENTS,
  OPEN_STATUSES,
  handlingDays,
  median,
  mondayWeeksBefore,
  percentile,
  weeklyThroughput,
  workloadFigures,
  type CaseMoment,
  type OpenCase,
  type WeekCount,
  type WorkloadFigures,
} from '../../domain/statistics.ts';

/** Weeks of decisions shown, the current one included. */
export const THROUGHPUT_WEEKS = 12;

export interface OfficeFigures extends WorkloadFigures {
  officeId: string;
  officeName: string;
  /** Null for several offices together. */
  targetWorkingDays: number | null;
  /** Decisions per week, oldest first. */
  throughput: WeekCount[];
  /**
   * The decisions of the weeks shown (the same ones the weekly counts add up), and the days from the
   * submission each one answered to the decision.
   */
  handling: { decided: number; medianDays: number | null; p90Days: number | null };
}

export interface Dashboard {
  /** The office asked for, or null for all the supervisor's offices together. */
  officeId: string | null;
  generatedAt: Date;
  total: OfficeFigures;
  /** One row per office (only the one asked for, for an office's dashboard). */
  offices: OfficeFigures[];
}

interface OpenRow extends OpenCase {
  officeId: string;
}

interface DecisionRow extends CaseMoment {
  officeId: string;
  submittedAt: Date;
}

function figuresOf(
  office: { id: string; name: string; targetWorkingDays: number | null },
  open: OpenRow[],
  decisions: DecisionRow[],
  submissions: CaseMoment[],
  now: Date,
): OfficeFigures {
  const days = handlingDays(decisions, submissions);
  return {
    officeId: office.id,
    officeName: office.name,
    targetWorkingDays: office.targetWorkingDays,
    ...workloadFigures(open, now),
    throughput: weeklyThroughput(
      decisions.map((d) => d.at),
      THROUGHPUT_WEEKS,
      now,
    ),
    handling: { decided: decisions.length, medianDays: median(days), p90Days: percentile(days, 0.9) },
  };
}

/** The dashboard of some offices (the supervisor's, already checked), at `now`. */
export async function dashboardOf(
  db: Knex,
  officeIds: string[],
  scope: string | null,
  now: Date = new Date(),
): Promise<Dashboard> {
  // Weeks are Paris weeks: the first one shown begins on its Monday at midnight in Paris.
  const since = parisMidnight(mondayWeeksBefore(now, THROUGHPUT_WEEKS - 1));
  const decidedCases = db('case_events as d')
    .join('cases as dc', 'dc.registration_id', 'd.registration_id')
    .whereIn('d.type', DECISION_EVENTS)
    .andWhere('d.at', '>=', since)
    .whereIn('dc.office_id', officeIds)
    .select('d.registration_id');
  const [offices, open, decisions, submissions] = await Promise.all([
    db('offices')
      .whereIn('id', officeIds)
      .orderBy('name')
      .select('id', 'name', 'target_working_days as targetWorkingDays'),
    db('cases')
      .whereIn('office_id', officeIds)
      .whereIn('status', OPEN_STATUSES as CaseStatus[])
      .whereNotNull('submitted_at')
      .select(
        'office_id as officeId',
        'status',
        'submitted_at as submittedAt',
        'due_at as dueAt',
        'holder_id as holderId',
      ) as Promise<OpenRow[]>,
    db('case_events as e')
      .join('cases as c', 'c.registration_id', 'e.registration_id')
      .whereIn('e.type', DECISION_EVENTS)
      .andWhere('e.at', '>=', since)
      .whereIn('c.office_id', officeIds)
      .select(
        'c.office_id as officeId',
        'e.registration_id as registrationId',
        'e.at',
        db.raw('coalesce(c.submitted_at, e.at) as "submittedAt"'),
      ) as Promise<DecisionRow[]>,
    db('case_events')
      .whereIn('type', ['submitted', 'resubmitted'])
      .whereIn('registration_id', decidedCases)
      .select('registration_id as registrationId', 'at') as Promise<CaseMoment[]>,
  ]);
  const rows = offices.map((office) =>
    figuresOf(
      office,
      open.filter((c) => c.officeId === office.id),
      decisions.filter((d) => d.officeId === office.id),
      submissions,
      now,
    ),
  );
  // One office: its row is the total. Several: the total is computed on all their cases together
  // (a median of medians would not be the median).
  const total =
    rows.length === 1
      ? rows[0]!
      : figuresOf(
          { id: 'all', name: 'Toutes vos CAF', targetWorkingDays: null },
          open,
          decisions,
          submissions,
          now,
        );
  return { officeId: scope, generatedAt: now, total, offices: rows };
}
