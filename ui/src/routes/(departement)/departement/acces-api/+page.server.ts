import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { api, ApiProblem, apiPath } from '#lib/server/api.ts';

export interface DepartementApiClient {
  id: string;
  label: string;
  createdAt: string;
  createdBy: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Her département's client credentials (never a secret: only its hash is kept). */
export const load: PageServerLoad = async ({ locals }) => ({
  clients: (await api(locals.token).get<{ items: DepartementApiClient[] }>('/api/departement/api-clients'))
    .items,
});

export const actions: Actions = {
  /** The secret comes back in this answer only: the page shows it once, nothing keeps it. */
  create: async ({ locals, request }) => {
    const label = String((await request.formData()).get('label') ?? '').trim();
    try {
      const created = await api(locals.token).post<{ id: string; label: string; secret: string }>(
        '/api/departement/api-clients',
        { label },
      );
      return { created, errors: {}, label: '' };
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      return fail(error.status, { created: null, errors: error.fieldErrors(), label });
    }
  },
  revoke: async ({ locals, request }) => {
    const form = await request.formData();
    const id = String(form.get('id') ?? '');
    try {
      const revoked = await api(locals.token).post<DepartementApiClient>(
        apiPath`/api/departement/api-clients/${id}/revoke`,
      );
      return { revoked: revoked.label, created: null, errors: {}, label: '' };
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      return fail(error.status, { created: null, errors: {}, message: error.message, label: '' });
    }
  },
};
