import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { api, ApiProblem } from '#lib/server/api.ts';
import type { ParentView } from '#lib/search.ts';

/**
 * The parent's private link: opening it confirms her address (the request then goes to the
 * childminder) and shows where the request stands, and the answer once given.
 */
export const load: PageServerLoad = async ({ params, setHeaders }) => {
  const path = `/api/public/contact-requests/${encodeURIComponent(params.token)}`;
  setHeaders({ 'cache-control': 'private, no-store' });
  try {
    await api(null).post(`${path}/verify`);
  } catch (failure) {
    // A closed request (answered, expired, never confirmed) still shows: its page says which.
    if (!(failure instanceof ApiProblem) || failure.status >= 500) throw failure;
    if (failure.status === 404) error(404, failure.message);
  }
  return { request: await api(null).get<ParentView>(path) };
};
