/** Operations of the départements' routes (api/routes/departement.ts) and the pivot CAF's queue of unmatched notifications. */
import { notificationSchema } from '../../domain/agrement-notification-form.ts';
import { referralSchema } from '../../domain/missed-declarations.ts';
import { missedDeclarationsQuerySchema } from '../departements/missed-declarations.ts';
import { batchSchema, departementListSchema } from '../routes/departement.ts';
import { apiClientSchema } from '../routes/departement-api-clients.ts';
import { referenceQuery } from '../routes/departement-machine.ts';
import {
  apiClientCreatedView,
  apiClientListView,
  apiClientView,
  batchReportView,
  commissionReferralView,
  departementChildmindersView,
  notificationItem,
  missedDeclarationsView,
  notificationListView,
  notificationReceivedView,
  unmatchedListView,
} from '../views/departement.ts';
import { uuidParam, type Operation } from './operation.ts';

const agent = ['departement_agent'] as const;

export const departementOperations: Operation[] = [
  {
    method: 'post',
    path: '/api/departement/notifications',
    summary:
      'Notifier une suspension, levée, un retrait, une modification, un renouvellement ou un nouvel agrément (idempotent par `reference`)',
    access: agent,
    body: notificationSchema,
    ok: { 200: notificationReceivedView, 201: notificationReceivedView },
  },
  {
    method: 'post',
    path: '/api/departement/notifications/batch',
    summary:
      'Envoyer un fichier CSV de notifications (`;`, UTF-8, en-tête documenté) ; compte rendu ligne par ligne',
    access: agent,
    body: batchSchema,
    ok: { 200: batchReportView },
  },
  {
    method: 'get',
    path: '/api/departement/notifications',
    summary: 'Les notifications reçues de son département',
    access: agent,
    ok: { 200: notificationListView },
  },
  {
    method: 'get',
    path: '/api/departement/childminders',
    summary: 'Les assistantes maternelles agréées dans son département : agrément, statut, publication',
    access: agent,
    query: departementListSchema,
    ok: { 200: departementChildmindersView },
  },
  {
    method: 'get',
    path: '/api/departement/api-clients',
    summary: 'Les identifiants des systèmes de son département (jamais leur secret)',
    access: agent,
    ok: { 200: apiClientListView },
  },
  {
    method: 'post',
    path: '/api/departement/api-clients',
    summary: 'Créer les identifiants d’un système du département : le secret n’est donné qu’ici, une fois',
    access: agent,
    body: apiClientSchema,
    ok: { 201: apiClientCreatedView },
  },
  {
    method: 'post',
    path: '/api/departement/api-clients/{id}/revoke',
    summary: 'Révoquer des identifiants de son département (sans effet s’ils le sont déjà)',
    access: agent,
    params: { id: uuidParam },
    ok: { 200: apiClientView },
  },
  {
    method: 'post',
    path: '/api/machine/departement/notifications',
    summary:
      'API des départements : le JSON et les réponses du formulaire, idempotent par `reference` ; 201 enregistrée, 200 déjà reçue, 422 refusée avec son `code`',
    access: 'departementClient',
    body: notificationSchema,
    ok: { 200: notificationReceivedView, 201: notificationReceivedView },
    problems: [429],
  },
  {
    method: 'get',
    path: '/api/machine/departement/notifications',
    summary: 'API des départements : une notification envoyée, par sa `reference` (404 si aucune)',
    access: 'departementClient',
    query: referenceQuery,
    ok: { 200: notificationItem },
    problems: [404, 429],
  },
  {
    method: 'get',
    path: '/api/departement/missed-declarations',
    summary:
      'Les assistantes maternelles de son département sans déclaration de disponibilités, passé le délai (chiffres, filtres, 50 par page)',
    access: agent,
    query: missedDeclarationsQuerySchema,
    ok: { 200: missedDeclarationsView },
  },
  {
    method: 'get',
    path: '/api/departement/missed-declarations.csv',
    summary:
      'La même liste filtrée en CSV (`;`, UTF-8 avec BOM, en-tête documenté dans le README) ; export journalisé',
    access: agent,
    query: missedDeclarationsQuerySchema,
    ok: { 200: 'csv' },
  },
  {
    method: 'post',
    path: '/api/departement/missed-declarations/{registrationId}/referral',
    summary:
      'Enregistrer la saisine de la commission départementale (idempotent : une par suite d’échéances manquées) ; ne suspend ni ne retire rien',
    access: agent,
    params: { registrationId: uuidParam },
    body: referralSchema,
    ok: { 200: commissionReferralView, 201: commissionReferralView },
    problems: [409],
  },
  {
    method: 'get',
    path: '/api/staff/agrement-notifications/unmatched',
    summary: 'Notifications des départements de ses CAF qui ne correspondent à aucune inscription',
    access: ['moderator', 'supervisor'],
    ok: { 200: unmatchedListView },
  },
];
