import { redirect } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';
import { api, apiPath } from '#lib/server/api.ts';
import type { RegistrationView } from '#lib/types.ts';
import { requireSignIn } from '#lib/server/sign-in.ts';
import { homeOf } from '#lib/server/session.ts';

/** Her space: signed-in childminders only; her registration is created the first time she comes. */
export const load: LayoutServerLoad = async ({ locals, url, depends }) => {
  if (!locals.user) requireSignIn(locals, url);
  if (locals.user.role !== 'childminder') redirect(303, homeOf(locals.user.role));
  depends('app:registration');
  const client = api(locals.token);
  const id = locals.user.registrationId ?? (await client.post<{ id: string }>('/api/registrations')).id;
  return {
    registration: await client.get<RegistrationView>(apiPath`/api/registrations/${id}`),
    accountEmail: locals.user.email,
  };
};
