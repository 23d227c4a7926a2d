import type { Actions } from './$types';
import { registrationIdOf } from '#lib/server/sections.ts';
import { declareOneAction } from '../profile.server.ts';

export const actions: Actions = {
  default: async ({ locals }) => declareOneAction(locals, await registrationIdOf(locals), 'unavailable'),
};
