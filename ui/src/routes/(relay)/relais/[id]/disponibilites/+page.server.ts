import type { Actions, PageServerLoad } from './$types';
import { childminderFor, saveForHer } from '../relay-actions.server.ts';

export const load: PageServerLoad = async ({ locals, params }) => ({
  her: await childminderFor(locals, params.id),
});

export const actions: Actions = {
  default: ({ request, locals, params }) => saveForHer(request, locals, params.id, 'availability'),
};
