import type { LayoutServerLoad } from './$types';
import { DEV_MAILBOX_URL } from '#lib/server/config.ts';

export const load: LayoutServerLoad = ({ locals }) => ({
  user: locals.user
    ? { displayName: locals.user.displayName, role: locals.user.role, office: locals.user.office }
    : null,
  devMailbox: DEV_MAILBOX_URL !== null,
});
