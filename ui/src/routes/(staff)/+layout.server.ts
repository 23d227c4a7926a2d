import { redirect } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';

/** Staff pages: moderators and supervisors only. */
export const load: LayoutServerLoad = ({ locals, url }) => {
  if (!locals.user) redirect(303, `/connexion?redirect=${encodeURIComponent(url.pathname)}`);
  if (locals.user.role === 'childminder') redirect(303, '/mon-dossier');
  return { staff: { id: locals.user.id, role: locals.user.role, office: locals.user.office } };
};
