import type { PageServerLoad } from './$types';
import { api } from '#lib/server/api.ts';
import type { BulkSummary } from '../types.ts';

export const load: PageServerLoad = async ({ locals }) => ({
  reassignments: await api(locals.token).get<BulkSummary[]>('/api/supervision/reassignments'),
});
