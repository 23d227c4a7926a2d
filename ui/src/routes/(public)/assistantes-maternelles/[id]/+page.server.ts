import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { api, ApiProblem } from '#lib/server/api.ts';
import type { PublicPage } from '#lib/search.ts';

/** Her public page: the published copy, as her publication choices made it (the API says 404 otherwise). */
export const load: PageServerLoad = async ({ params, url }) => {
  try {
    const published = await api(null).get<PublicPage>(
      `/api/public/childminders/${encodeURIComponent(params.id)}`,
    );
    const back = url.searchParams.get('depuis');
    return { published, back: back && !back.startsWith('/') ? back : null };
  } catch (failure) {
    if (failure instanceof ApiProblem && failure.status === 404)
      error(404, 'Cette fiche n’est pas (ou plus) publiée.');
    throw failure;
  }
};
