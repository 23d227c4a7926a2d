import { error } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';
import { api } from '#lib/server/api.ts';
import type { OfficeChoice } from './types.ts';

/**
 * Supervisors only (others get 404, as for any record not theirs); every page here names offices.
 * The data-protection officer reaches the journal alone (the staff layout sends her there).
 */
export const load: LayoutServerLoad = async ({ locals, parent }) => {
  await parent();
  if (locals.user?.role === 'data_protection') return { offices: [] as OfficeChoice[] };
  if (locals.user?.role !== 'supervisor') error(404, 'Page introuvable.');
  const offices = await api(locals.token).get<OfficeChoice[]>('/api/supervision/offices');
  return { offices };
};
