import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { api, apiPath } from '#lib/server/api.ts';
import { refused, text, valuesOf } from '#lib/server/forms.ts';
import type { RoutingChange, RoutingRow } from '../../types.ts';

export const load: PageServerLoad = async ({ locals, params }) => {
  const client = api(locals.token);
  const routing = await client.get<RoutingRow[]>('/api/supervision/routing');
  const row = routing.find((r) => r.code === params.departement);
  if (!row) error(404, 'Ce département n’existe pas.');
  const changes = await client.get<RoutingChange[]>(
    apiPath`/api/supervision/routing/changes?departement=${row.code}`,
  );
  return { row, changes };
};

export const actions: Actions = {
  default: async ({ locals, params, request }) => {
    const values = valuesOf(await request.formData());
    try {
      await api(locals.token).put(apiPath`/api/supervision/routing/${params.departement}`, {
        officeId: text(values, 'officeId'),
      });
    } catch (problem) {
      return refused(problem, values);
    }
    redirect(303, `/supervision/routage?modifie=${encodeURIComponent(params.departement)}`);
  },
};
