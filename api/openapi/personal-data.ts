/** Operations of her rights over her data (api/routes/personal-data.ts). */
import { closureSchema } from '../routes/personal-data.ts';
import { accountClosedView, personalDataView } from '../views/personal-data.ts';
import type { Operation } from './operation.ts';

export const personalDataOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/account/data',
    summary: 'Toutes les données détenues sur elle (RGPD, droit d’accès et portabilité)',
    access: ['childminder'],
    ok: { 200: personalDataView },
  },
  {
    method: 'post',
    path: '/api/account/closure',
    summary:
      'Fermer son compte : ce que la loi impose est conservé, le reste supprimé, et elle sait pourquoi',
    access: ['childminder'],
    body: closureSchema,
    ok: { 200: accountClosedView },
    problems: [503],
  },
];
