import type { PageServerLoad } from './$types';
import { api } from '#lib/server/api.ts';
import { DONE, requireSupervisor, type StaffList } from './staff-account.ts';

/** The staff of her offices. */
export const load: PageServerLoad = async ({ locals, url }) => {
  requireSupervisor(locals);
  const done = DONE.find((d) => d === url.searchParams.get('fait')) ?? null;
  return { list: await api(locals.token).get<StaffList>('/api/staff/accounts'), done };
};
