import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { api, ApiProblem } from '#lib/server/api.ts';
import type { Dashboard } from './types.ts';

/** The dashboard of one office (`?caf=`) or of all her offices. */
export const load: PageServerLoad = async ({ locals, url }) => {
  const office = url.searchParams.get('caf') || null;
  try {
    const dashboard = await api(locals.token).get<Dashboard>(
      `/api/supervision/dashboard${office ? `?office=${encodeURIComponent(office)}` : ''}`,
    );
    return { dashboard };
  } catch (problem) {
    if (problem instanceof ApiProblem && problem.status === 404) error(404, problem.message);
    throw problem;
  }
};
