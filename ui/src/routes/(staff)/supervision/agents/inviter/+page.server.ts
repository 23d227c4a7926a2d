import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { api, ApiProblem } from '#lib/server/api.ts';
import { requireSupervisor, type StaffList } from '../staff-account.ts';

/** The offices she may invite into, and the départements she may invite agents for. */
export const load: PageServerLoad = async ({ locals }) => {
  requireSupervisor(locals);
  const list = await api(locals.token).get<StaffList>('/api/staff/accounts');
  return { offices: list.offices, departements: list.departements, national: list.national };
};

export const actions: Actions = {
  default: async ({ locals, request }) => {
    requireSupervisor(locals);
    const form = await request.formData();
    const values = {
      displayName: String(form.get('displayName') ?? ''),
      email: String(form.get('email') ?? ''),
      role: String(form.get('role') ?? ''),
      national: form.get('national') === 'on',
      officeIds: form.getAll('officeIds').map(String),
      departementCode: String(form.get('departementCode') ?? '') || null,
    };
    try {
      await api(locals.token).post('/api/staff/accounts', values);
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      const errors = error.fieldErrors();
      return fail(error.status, {
        values,
        errors,
        message: Object.keys(errors).length ? null : error.message,
      });
    }
    redirect(303, '/supervision/agents?fait=invitation');
  },
};
