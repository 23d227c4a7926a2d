import { redirect } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';
import { requireSignIn } from '#lib/server/sign-in.ts';

/** Staff pages: moderators and supervisors; of them, the data-protection officer has the journal only. */
export const load: LayoutServerLoad = ({ locals, url }) => {
  if (!locals.user) requireSignIn(locals, url);
  if (locals.user.role === 'childminder') redirect(303, '/mon-dossier');
  if (locals.user.role === 'relay') redirect(303, '/relais');
  if (locals.user.role === 'departement_agent') redirect(303, '/departement');
  // The data-protection officer reads the audit journal, and nothing else of the moderation.
  if (locals.user.role === 'data_protection' && !url.pathname.startsWith('/supervision/journal'))
    redirect(303, '/supervision/journal');
  return { staff: { id: locals.user.id, role: locals.user.role, office: locals.user.office } };
};
