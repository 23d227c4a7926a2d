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

/** The childminders holding an agrément of her département: never the NIR nor the documents. */
export const load: PageServerLoad = async ({ locals }) => ({
  list: await api(locals.token).get<{ items: DepartementChildminder[] }>('/api/departement/childminders'),
});
