import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { api, apiPath, ApiProblem } from '#lib/server/api.ts';
import type { ParentView } from '#lib/search.ts';

/** The link emailed to a parent: every request sent from her address, with its answer. */
export const load: PageServerLoad = async ({ params, setHeaders }) => {
  setHeaders({ 'cache-control': 'private, no-store' });
  try {
    return {
      requests: (
        await api(null).get<{ requests: ParentView[] }>(apiPath`/api/public/parent-links/${params.token}`)
      ).requests,
    };
  } catch (failure) {
    if (failure instanceof ApiProblem && failure.status === 404) error(404, failure.message);
    throw failure;
  }
};
