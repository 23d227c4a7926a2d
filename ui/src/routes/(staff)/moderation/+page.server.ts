import type { PageServerLoad } from './$types';
import { api, ApiProblem } from '#lib/server/api.ts';
import type { CaseStatus, ClosureReason } from '#lib/domain.ts';
import {
  AGREMENT_FILTER_LABELS,
  DUE_FILTER_LABELS,
  HOLDER_FILTER_LABELS,
  QUEUE_SORT_LABELS,
} from '#lib/domain.ts';

/** The choices of the filter form, worded once in domain/queue-filter.ts. */
const choices = {
  sorts: Object.entries(QUEUE_SORT_LABELS) as string[][],
  holders: Object.entries(HOLDER_FILTER_LABELS) as string[][],
  dues: Object.entries(DUE_FILTER_LABELS) as string[][],
  agrements: Object.entries(AGREMENT_FILTER_LABELS) as string[][],
};

export interface QueueItem {
  id: string;
  status: CaseStatus;
  officeId: string;
  departement: string | null;
  identityOutcome: string | null;
  submittedAt: string | null;
  statusSince: string;
  dueAt: string | null;
  overdue: boolean;
  holderId: string | null;
  holderName: string | null;
  firstName: string | null;
  lastName: string | null;
  commune: string | null;
  closureReason: ClosureReason | null;
  agrementExpired: boolean;
}

export interface Queue {
  items: QueueItem[];
  next: string | null;
  total: number;
  overdue: number;
  byStatus: Record<string, number>;
  /** What the « Agrément expiré » choice shows, the other filters kept. */
  expired: number;
  offices: Array<{ id: string; name: string }>;
  departements: string[];
}

/** The URL's parameters that are filters: the same names as the API's, so a link is the filter. */
const FILTERS = [
  'statuses',
  'offices',
  'departements',
  'minAgeDays',
  'maxAgeDays',
  'due',
  'dueWithinDays',
  'holder',
  'agrement',
  'sort',
] as const;

/** The queue as the URL states it; filters the API refuses are shown next to their field. */
export const load: PageServerLoad = async ({ locals, url }) => {
  const filters: Record<string, string> = {};
  for (const name of FILTERS) {
    const value = url.searchParams.get(name)?.trim();
    if (value) filters[name] = value;
  }
  const after = url.searchParams.get('after');
  const params = new URLSearchParams({ ...filters, limit: '50', ...(after ? { after } : {}) });
  try {
    const queue = await api(locals.token).get<Queue>(`/api/staff/cases?${params}`);
    return { queue, filters, after, choices, errors: {} as Record<string, string> };
  } catch (problem) {
    if (!(problem instanceof ApiProblem) || problem.status !== 422) throw problem;
    // A hand-edited or outdated link: show the refused filters, and nothing else from it.
    const errors = Object.fromEntries(problem.errors.map((e) => [e.path.split('.')[0]!, e.message]));
    if (problem.code === 'invalid_cursor') errors.after = problem.message;
    return { queue: null, filters, after, choices, errors };
  }
};
