import type { PageServerLoad } from './$types';
import { api, ApiProblem, apiPath } from '#lib/server/api.ts';
import type { PublicProfile } from '../profile.ts';

/** Exactly what a parent sees: the published copy, not her verified data. */
export const load: PageServerLoad = async ({ locals, parent }) => {
  const { registration } = await parent();
  try {
    const published = await api(locals.token).get<{ profile: PublicProfile; updatedAt: string }>(
      apiPath`/api/registrations/${registration.id}/profile/public`,
    );
    return { published };
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 404) return { published: null };
    throw error;
  }
};
