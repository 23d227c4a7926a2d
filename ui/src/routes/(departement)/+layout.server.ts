import { error } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';
import { requireSignIn } from '#lib/server/sign-in.ts';

/** A département agent's pages: hers only, about her one département. */
export const load: LayoutServerLoad = ({ locals, url }) => {
  if (!locals.user) requireSignIn(locals, url);
  if (locals.user.role !== 'departement_agent' || !locals.user.departement) error(404, 'Page introuvable.');
  return { departement: locals.user.departement };
};
