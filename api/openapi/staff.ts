/** Operations of the moderation routes (api/routes/staff-cases.ts): moderators and supervisors. */
import { z } from 'zod';
import { queueFilterSchema } from '../../domain/queue-filter.ts';
import {
  assignSchema,
  decisionSchema,
  noteSchema,
  pageSchema,
  reassignSchema,
} from '../routes/staff-cases.ts';
import { caseCommandView } from '../views/common.ts';
import { caseStatusView } from '../views/registration.ts';
import { notesView, queueView, staffCaseView } from '../views/staff.ts';
import { uuidParam, type Operation } from './operation.ts';

const staff = ['moderator', 'supervisor'] as const;
const supervisor = ['supervisor'] as const;
const aCase = { id: uuidParam };
/** What a case's workflow may answer to a command: a rule refusing it (403, 409), or unavailable (503). */
const COMMAND = [409, 503];

export const staffOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/staff/cases',
    summary: 'File d’attente de ses CAF (filtres, tri, compteurs, pagination par curseur)',
    access: staff,
    query: z.object({ ...queueFilterSchema.shape, ...pageSchema.shape }),
    ok: { 200: queueView },
  },
  {
    method: 'get',
    path: '/api/staff/cases/{id}',
    summary: 'Vue du dossier pour la modération (lecture tracée)',
    access: staff,
    params: aCase,
    ok: { 200: staffCaseView },
  },
  {
    method: 'get',
    path: '/api/staff/cases/{id}/documents/{documentId}/content',
    summary: 'Lire une copie du dossier (lecture tracée)',
    access: staff,
    params: { id: uuidParam, documentId: uuidParam },
    ok: { 200: 'document' },
  },
  {
    method: 'post',
    path: '/api/staff/cases/{id}/notes',
    summary: 'Ajouter une note interne',
    access: staff,
    params: aCase,
    body: noteSchema,
    ok: { 201: notesView },
  },
  {
    method: 'post',
    path: '/api/staff/cases/{id}/claim',
    summary: 'Prendre le dossier en charge (modératrice de la CAF)',
    access: staff,
    params: aCase,
    ok: { 200: caseCommandView },
    problems: COMMAND,
  },
  {
    method: 'post',
    path: '/api/staff/cases/{id}/release',
    summary: 'Remettre le dossier dans la file',
    access: staff,
    params: aCase,
    ok: { 200: caseCommandView },
    problems: COMMAND,
  },
  {
    method: 'post',
    path: '/api/staff/cases/{id}/assign',
    summary: 'Confier le dossier à une modératrice de sa CAF (superviseur)',
    access: supervisor,
    params: aCase,
    body: assignSchema,
    ok: { 200: caseCommandView },
    problems: COMMAND,
  },
  {
    method: 'post',
    path: '/api/staff/cases/{id}/reassign',
    summary: 'Transférer le dossier à une autre CAF (superviseur)',
    access: supervisor,
    params: aCase,
    body: reassignSchema,
    ok: { 200: caseCommandView },
    problems: COMMAND,
  },
  {
    method: 'post',
    path: '/api/staff/cases/{id}/decision',
    summary: 'Valider, demander une correction ou refuser (la modératrice qui tient le dossier)',
    access: staff,
    params: aCase,
    body: decisionSchema,
    ok: { 200: caseStatusView },
    problems: COMMAND,
  },
];
