import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { api, apiPath } from '#lib/server/api.ts';
import { refused, valuesOf } from '#lib/server/forms.ts';
import type { RelayConsentPage } from '#lib/relays.ts';

/** Her consent to a relay: the relays of her commune, the one she chose, what it sees and does. */
export const load: PageServerLoad = async ({ locals, parent, url }) => {
  const { registration } = await parent();
  const done = url.searchParams.get('fait');
  return {
    page: await api(locals.token).get<RelayConsentPage>(apiPath`/api/registrations/${registration.id}/relay`),
    done: done === 'accord' || done === 'retrait' ? done : null,
  };
};

export const actions: Actions = {
  give: async ({ request, locals }) => {
    const values = valuesOf(await request.formData());
    try {
      await api(locals.token).post(
        apiPath`/api/registrations/${locals.user!.registrationId!}/relay/consent`,
        {
          relayId: values.relayId ?? '',
        },
      );
    } catch (failure) {
      return refused(failure, values);
    }
    redirect(303, '/mon-relais?fait=accord');
  },
  withdraw: async ({ locals }) => {
    try {
      await api(locals.token).post(
        apiPath`/api/registrations/${locals.user!.registrationId!}/relay/withdraw`,
      );
    } catch (failure) {
      return refused(failure, {});
    }
    redirect(303, '/mon-relais?fait=retrait');
  },
};
