import type { PageServerLoad } from './$types';
import { api } from '#lib/server/api.ts';
import { CASE_STATUSES, type CaseStatus } from '#lib/domain.ts';

export interface QueueItem {
  id: string;
  status: CaseStatus;
  officeId: string;
  departement: string | null;
  identityOutcome: string | null;
  submittedAt: string;
  statusSince: string;
  dueAt: string | null;
  holderId: string | null;
  firstName: string | null;
  lastName: string | null;
}

export const load: PageServerLoad = async ({ locals, url }) => {
  const requested = url.searchParams.get('statut') ?? 'in_moderation';
  const status = (CASE_STATUSES as readonly string[]).includes(requested) ? requested : 'in_moderation';
  const params = new URLSearchParams({ status, limit: '50' });
  const after = url.searchParams.get('apres');
  if (after) params.set('after', after);
  const queue = await api(locals.token).get<{ items: QueueItem[]; total: number; next: string | null }>(
    `/api/staff/cases?${params}`,
  );
  return { queue, status: status as CaseStatus, after };
};
