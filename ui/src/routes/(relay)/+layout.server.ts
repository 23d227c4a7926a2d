import { error } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';
import { requireSignIn } from '#lib/server/sign-in.ts';

/** The relay agent's pages: relay agents only (others get 404, as for any page not theirs). */
export const load: LayoutServerLoad = ({ locals, url }) => {
  if (!locals.user) requireSignIn(locals, url);
  if (locals.user.role !== 'relay') error(404, 'Page introuvable.');
  return { relayAgent: { id: locals.user.id, relay: locals.user.relay } };
};
