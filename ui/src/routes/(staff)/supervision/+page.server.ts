import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { api, ApiProblem } from '#lib/server/api.ts';
import type { ContactFiguresAnswer } from '#lib/search.ts';
import type { Dashboard } from './types.ts';

/** The dashboard of one office (`?caf=`) or of all her offices. */
export const load: PageServerLoad = async ({ locals, url }) => {
  const office = url.searchParams.get('caf') || null;
  try {
    const scope = office ? `?office=${encodeURIComponent(office)}` : '';
    const [dashboard, contactFigures] = await Promise.all([
      api(locals.token).get<Dashboard>(`/api/supervision/dashboard${scope}`),
      api(locals.token).get<ContactFiguresAnswer>(`/api/supervision/contact-requests/figures${scope}`),
    ]);
    return { dashboard, contactFigures };
  } catch (problem) {
    if (problem instanceof ApiProblem && problem.status === 404) error(404, problem.message);
    throw problem;
  }
};
