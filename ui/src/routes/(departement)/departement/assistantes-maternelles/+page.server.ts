import type { PageServerLoad } from './$types';
import { api } from '#lib/server/api.ts';

export interface DepartementChildminder {
  registrationId: string;
  name: string;
  agrementNumber: string | null;
  expiryDate: string | null;
  capacity: number | null;
  workplace: 'home' | 'mam' | null;
  caseStatus: string;
  agrementState: 'in_force' | 'suspended' | 'withdrawn' | 'expired';
  suspendedUntil: string | null;
  published: boolean;
}

export interface DepartementList {
  departement: { code: string; name: string };
  counts: { total: number; expired: number };
  items: DepartementChildminder[];
}

/**
 * The childminders holding an agrément of her département (never the NIR nor the documents), all of
 * them or those whose agrément expired (`?agrement=expired`, the pivot CAF's filter too).
 */
export const load: PageServerLoad = async ({ locals, url }) => {
  const expired = url.searchParams.get('agrement') === 'expired';
  const query = expired ? '?agrement=expired' : '';
  return {
    expired,
    list: await api(locals.token).get<DepartementList>(`/api/departement/childminders${query}`),
  };
};
