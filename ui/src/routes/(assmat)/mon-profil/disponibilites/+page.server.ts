import type { Actions } from './$types';
import { registrationIdOf } from '#lib/server/sections.ts';
import { saveProfileSection } from '../profile.server.ts';

export const actions: Actions = {
  default: async ({ request, locals }) =>
    saveProfileSection(request, locals, await registrationIdOf(locals), 'availability'),
};
