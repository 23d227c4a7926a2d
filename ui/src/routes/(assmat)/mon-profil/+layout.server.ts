import type { LayoutServerLoad } from './$types';
import { api, apiPath } from '#lib/server/api.ts';
import type { ProfileView } from './profile.ts';

/** Her profile after activation, kept current while a change waits for the CAF (`app:profile`). */
export const load: LayoutServerLoad = async ({ locals, parent, depends }) => {
  depends('app:profile');
  const { registration } = await parent();
  return {
    profile: await api(locals.token).get<ProfileView>(apiPath`/api/registrations/${registration.id}/profile`),
  };
};
