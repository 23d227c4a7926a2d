import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { api, apiPath } from '#lib/server/api.ts';
import { optionalText, refused, text, valuesOf } from '#lib/server/forms.ts';
import type { RelayList } from '#lib/relays.ts';

/** The relays of her départements, their communes and agents; a new relay; an agent invited. */
export const load: PageServerLoad = async ({ locals, url }) => {
  const done = url.searchParams.get('fait');
  return {
    list: await api(locals.token).get<RelayList>('/api/supervision/relays'),
    done: done === 'cree' || done === 'invite' ? done : null,
  };
};

export const actions: Actions = {
  create: async ({ request, locals }) => {
    const values = valuesOf(await request.formData());
    try {
      await api(locals.token).post('/api/supervision/relays', {
        name: text(values, 'name'),
        address: text(values, 'address'),
        postalCode: text(values, 'postalCode'),
        city: text(values, 'city'),
        phone: optionalText(values, 'phone'),
        email: optionalText(values, 'email'),
        communeCodes: text(values, 'communeCodes')
          .split(/[\s,;]+/)
          .filter(Boolean),
      });
    } catch (failure) {
      return refused(failure, values, (path) => (path.startsWith('communeCodes') ? 'communeCodes' : path));
    }
    redirect(303, '/supervision/relais?fait=cree');
  },
  invite: async ({ request, locals }) => {
    const values = valuesOf(await request.formData());
    try {
      await api(locals.token).post(apiPath`/api/supervision/relays/${values.relayId ?? ''}/agents`, {
        displayName: text(values, 'displayName'),
        email: text(values, 'email'),
      });
    } catch (failure) {
      return refused(failure, values, (path) => `agent.${path}`);
    }
    redirect(303, '/supervision/relais?fait=invite');
  },
};
