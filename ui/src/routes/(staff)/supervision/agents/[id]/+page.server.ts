import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { api, ApiProblem, apiPath } from '#lib/server/api.ts';
import { requireSupervisor, type StaffAccount } from '../staff-account.ts';

/** One account of her offices: resend its invitation, or deactivate it. */
export const load: PageServerLoad = async ({ locals, params }) => {
  requireSupervisor(locals);
  try {
    return { account: await api(locals.token).get<StaffAccount>(apiPath`/api/staff/accounts/${params.id}`) };
  } catch (problem) {
    if (problem instanceof ApiProblem && problem.status === 404) error(404, problem.message);
    throw problem;
  }
};

async function act(locals: App.Locals, path: string, done: string) {
  requireSupervisor(locals);
  try {
    await api(locals.token).post(path);
  } catch (problem) {
    if (problem instanceof ApiProblem) return fail(problem.status, { message: problem.message, errors: {} });
    throw problem;
  }
  redirect(303, `/supervision/agents?fait=${done}`);
}

export const actions: Actions = {
  resend: ({ locals, params }) => act(locals, apiPath`/api/staff/accounts/${params.id}/invitation`, 'renvoi'),
  deactivate: async ({ locals, params, request }) => {
    if ((await request.formData()).get('confirm') !== 'on')
      return fail(422, { message: null, errors: { confirm: 'Cochez la case pour confirmer.' } });
    return act(locals, apiPath`/api/staff/accounts/${params.id}/deactivate`, 'desactivation');
  },
};
