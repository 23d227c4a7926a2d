/** Operations of the supervision routes (api/routes/supervision.ts): supervisors, within their offices. */
import { z } from 'zod';
import { departementCodeSchema } from '../../domain/geography.ts';
import { queueFilterSchema } from '../../domain/queue-filter.ts';
import { officeIdSchema } from '../../domain/routing.ts';
import {
  dashboardQuerySchema,
  reassignmentPageSchema,
  routingChangeSchema,
  routingChangesQuerySchema,
  targetSchema,
} from '../routes/supervision.ts';
import { auditSearchSchema } from '../routes/audit-log.ts';
import { codecPayloadsSchema } from '../routes/temporal-codec.ts';
import { startSchema } from '../supervision/reassignments.ts';
import { auditJournalView } from '../views/audit.ts';
import { codecPayloadsView } from '../views/temporal-codec.ts';
import {
  bulkCancelView,
  bulkListView,
  bulkReportView,
  bulkStartedView,
  dashboardView,
  officeListView,
  officeTargetView,
  routingChangedView,
  routingChangesView,
  routingTableView,
  supervisionCasesView,
} from '../views/supervision.ts';
import { uuidParam, type Operation } from './operation.ts';

const supervisor = ['supervisor'] as const;

export const supervisionOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/supervision/audit',
    summary:
      'Journal d’audit, par dossier, personne et période (DPO et national : tout ; régional : ses CAF)',
    access: ['supervisor', 'data_protection'],
    query: auditSearchSchema,
    ok: { 200: auditJournalView },
  },
  {
    method: 'get',
    path: '/api/supervision/dashboard',
    summary: 'Tableau de bord de ses CAF, ou d’une seule (`office`)',
    access: supervisor,
    query: dashboardQuerySchema,
    ok: { 200: dashboardView },
    problems: [404],
  },
  {
    method: 'get',
    path: '/api/supervision/offices',
    summary: 'CAF pivots et délais cibles',
    access: supervisor,
    ok: { 200: officeListView },
  },
  {
    method: 'put',
    path: '/api/supervision/offices/{id}',
    summary: 'Modifier le délai cible d’une CAF qu’on supervise',
    access: supervisor,
    params: { id: officeIdSchema },
    body: targetSchema,
    ok: { 200: officeTargetView },
  },
  {
    method: 'get',
    path: '/api/supervision/routing',
    summary: 'Table de routage département → CAF',
    access: supervisor,
    ok: { 200: routingTableView },
  },
  {
    method: 'get',
    path: '/api/supervision/routing/changes',
    summary: 'Historique des changements de routage touchant ses CAF',
    access: supervisor,
    query: routingChangesQuerySchema,
    ok: { 200: routingChangesView },
  },
  {
    method: 'put',
    path: '/api/supervision/routing/{departement}',
    summary: 'Changer la CAF d’un département entre ses CAF (nouveaux dossiers)',
    access: supervisor,
    params: { departement: departementCodeSchema },
    body: routingChangeSchema,
    ok: { 200: routingChangedView },
  },
  {
    method: 'get',
    path: '/api/supervision/cases',
    summary: 'Dossiers d’un filtre, pour une réaffectation',
    access: supervisor,
    query: z.object({ ...queueFilterSchema.shape, ...reassignmentPageSchema.shape }),
    ok: { 200: supervisionCasesView },
  },
  {
    method: 'get',
    path: '/api/supervision/reassignments',
    summary: 'Réaffectations en masse vers ses CAF',
    access: supervisor,
    ok: { 200: bulkListView },
  },
  {
    method: 'post',
    path: '/api/supervision/reassignments',
    summary: 'Lancer une réaffectation (sélection ou filtre)',
    access: supervisor,
    body: startSchema,
    ok: { 202: bulkStartedView },
  },
  {
    method: 'get',
    path: '/api/supervision/reassignments/{id}',
    summary: 'Avancement et rapport d’une réaffectation',
    access: supervisor,
    params: { id: uuidParam },
    ok: { 200: bulkReportView },
  },
  {
    method: 'post',
    path: '/api/supervision/reassignments/{id}/cancel',
    summary: 'Arrêter une réaffectation',
    access: supervisor,
    params: { id: uuidParam },
    ok: { 200: bulkCancelView },
    problems: [409],
  },
  {
    method: 'post',
    path: '/api/temporal-codec/decode',
    summary: 'Déchiffrer des valeurs d’un historique Temporal (serveur de codec de Temporal Web)',
    access: supervisor,
    body: codecPayloadsSchema,
    ok: { 200: codecPayloadsView },
    problems: [422],
  },
  {
    method: 'post',
    path: '/api/temporal-codec/encode',
    summary: 'Chiffrer des valeurs pour Temporal (serveur de codec de Temporal Web)',
    access: supervisor,
    body: codecPayloadsSchema,
    ok: { 200: codecPayloadsView },
  },
];
