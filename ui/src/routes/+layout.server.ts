import type { LayoutServerLoad } from './$types';
import { DEV_MAILBOX_URL } from '#lib/server/config.ts';
import { takeInput } from '#lib/server/saved-input.ts';

export const load: LayoutServerLoad = ({ locals, cookies, url }) => ({
  user: locals.user
    ? { displayName: locals.user.displayName, role: locals.user.role, office: locals.user.office }
    : null,
  devMailbox: DEV_MAILBOX_URL !== null,
  // Back on the page where her session expired, signed in again: what she had typed there.
  savedInput: locals.user ? takeInput(cookies, url.pathname, locals.user.id) : null,
});
