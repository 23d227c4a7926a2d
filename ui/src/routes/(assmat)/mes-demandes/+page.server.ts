import type { PageServerLoad } from './$types';
import { api } from '#lib/server/api.ts';
import type { RequestSummary } from '#lib/search.ts';

export const load: PageServerLoad = async ({ locals }) => ({
  requests: await api(locals.token).get<RequestSummary[]>('/api/contact-requests'),
});
