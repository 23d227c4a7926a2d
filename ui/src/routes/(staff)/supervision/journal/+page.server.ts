import type { PageServerLoad } from './$types';
import type { AuditJournal } from '#lib/audit-journal.ts';
import { api, ApiProblem } from '#lib/server/api.ts';

/** The URL's parameters that are filters: the API's names, so that a link is the search. */
const FILTERS = ['case', 'actor', 'from', 'to'] as const;

/** The journal as the URL states it; filters the API refuses are shown next to their field. */
export const load: PageServerLoad = async ({ locals, url }) => {
  const filters: Record<string, string> = {};
  for (const name of FILTERS) {
    const value = url.searchParams.get(name)?.trim();
    if (value) filters[name] = value;
  }
  const before = url.searchParams.get('before');
  const params = new URLSearchParams({ ...filters, ...(before ? { before } : {}) });
  try {
    const journal = await api(locals.token).get<AuditJournal>(`/api/supervision/audit?${params}`);
    return { journal, filters, before, errors: {} as Record<string, string> };
  } catch (problem) {
    if (!(problem instanceof ApiProblem) || problem.status !== 422) throw problem;
    const errors = Object.fromEntries(problem.errors.map((e) => [e.path.split('.')[0]!, e.message]));
    return { journal: null, filters, before, errors };
  }
};
