import type { Actions, PageServerLoad } from './$types';
import { childminderFor, declareForHer } from './relay-actions.server.ts';

export const load: PageServerLoad = async ({ locals, params, url }) => {
  const fait = url.searchParams.get('fait');
  const done = fait === 'applied' || fait === 'unchanged' ? (fait as 'applied' | 'unchanged') : null;
  return {
    her: await childminderFor(locals, params.id),
    done,
  };
};

export const actions: Actions = {
  full: ({ locals, params }) => declareForHer(locals, params.id, 'full'),
  unavailable: ({ locals, params }) => declareForHer(locals, params.id, 'unavailable'),
};
