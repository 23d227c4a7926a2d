import type { PageServerLoad } from './$types';
import { api } from '#lib/server/api.ts';
import { RELAY_NEEDS, type RelayDesk, type RelayNeed } from '#lib/relays.ts';

/** The relay's list, filtered by need (`besoin`), with the figures of its communes. */
export const load: PageServerLoad = async ({ locals, url }) => {
  const asked = url.searchParams.get('besoin');
  const need = asked && asked in RELAY_NEEDS ? (asked as RelayNeed) : null;
  const query = need ? `?${new URLSearchParams({ besoin: need })}` : '';
  return { desk: await api(locals.token).get<RelayDesk>(`/api/relay${query}`), need };
};
