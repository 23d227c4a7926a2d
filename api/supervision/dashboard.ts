/**
 * The supervisors' dashboard, read from the projection (`cases`, `case_events`): the workload of each
 * office and of all of them, computed by domain/statistics.ts, the same way at every scale.
 */
import type { Knex } from 'knex';
import type { CaseStatus } from '../../domain/case-status.ts';
import {
  DECISION_EVENTS,
  OPEN_STATUSES,
  ageInDays,
  median,
  percentile,
  weekStart,
  weeklyThroughput,
  workloadFigures,
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
  /** Days from submission to the final decision, for cases decided over the weeks shown. */
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

function figuresOf(
  office: { id: string; name: string; targetWorkingDays: number | null },
  open: OpenRow[],
  decisions: Date[],
  decided: Array<{ submittedAt: Date; decidedAt: Date }>,
  now: Date,
): OfficeFigures {
  const handlingDays = decided.map((d) => ageInDays(d.submittedAt, d.decidedAt));
  return {
    officeId: office.id,
    officeName: office.name,
    targetWorkingDays: office.targetWorkingDays,
    ...workloadFigures(open, now),
    throughput: weeklyThroughput(decisions, THROUGHPUT_WEEKS, now),
    handling: {
      decided: decided.length,
      medianDays: median(handlingDays),
      p90Days: percentile(handlingDays, 0.9),
    },
  };
}

/** The dashboard of some offices (the supervisor's, already checked), at `now`. */
export async function dashboardOf(
  db: Knex,
  officeIds: string[],
  scope: string | null,
  now: Date = new Date(),
): Promise<Dashboard> {
  const since = new Date(
    `${weekStart(new Date(now.getTime() - (THROUGHPUT_WEEKS - 1) * 7 * 86_400_000))}T00:00:00Z`,
  );
  const [offices, open, decisions, decided] = await Promise.all([
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
      .select('c.office_id as officeId', 'e.at') as Promise<Array<{ officeId: string; at: Date }>>,
    db('cases')
      .whereIn('office_id', officeIds)
      .whereNotNull('decided_at')
      .whereNotNull('submitted_at')
      .andWhere('decided_at', '>=', since)
      .select('office_id as officeId', 'submitted_at as submittedAt', 'decided_at as decidedAt') as Promise<
      Array<{ officeId: string; submittedAt: Date; decidedAt: Date }>
    >,
  ]);
  const decisionDates = (officeId?: string) =>
    decisions.filter((d) => !officeId || d.officeId === officeId).map((d) => d.at);
  const rows = offices.map((office) =>
    figuresOf(
      office,
      open.filter((c) => c.officeId === office.id),
      decisionDates(office.id),
      decided.filter((d) => d.officeId === office.id),
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
          decisionDates(),
          decided,
          now,
        );
  return { officeId: scope, generatedAt: now, total, offices: rows };
}
