/** Operations of a childminder's routes (her registration, documents, profile) and reference data. */
import { z } from 'zod';
import { PROFILE_SECTIONS } from '../../domain/profile-changes.ts';
import {
  agrementSchema,
  availabilitySchema,
  communeCodeSchema,
  contactSchemaFor,
  identitySchema,
  type Section,
} from '../../domain/registration.ts';
import { attestationRequestSchema } from '../routes/attestation.ts';
import { uploadRequestSchema } from '../routes/documents.ts';
import { communeSearchSchema } from '../routes/geo.ts';
import { oneActionSchema } from '../routes/profile.ts';
import { communeListView, communeView, departementListView } from '../views/geo.ts';
import {
  availabilityDeclaredView,
  caseStatusView,
  documentRemovedView,
  documentVerdictView,
  profileChangeView,
  profileView,
  publicProfileView,
  registrationIdView,
  registrationView,
  sectionSavedView,
  uploadView,
} from '../views/registration.ts';
import { uuidParam, type Operation } from './operation.ts';

const childminder = ['childminder'] as const;
const own = { id: uuidParam };
const ownDocument = { id: uuidParam, documentId: uuidParam };
/** What a case's workflow may answer to a command: a rule refusing it (403, 409), or unavailable (503). */
const COMMAND = [403, 409, 503];

/** The body of each section (a MAM's address is always public: the contact rule depends on her workplace). */
export const SECTION_BODIES: Record<Section, z.ZodType> = {
  identity: identitySchema,
  agrement: agrementSchema,
  contact: contactSchemaFor('home'),
  availability: availabilitySchema,
};
export const SECTION_TITLES: Record<Section, string> = {
  identity: 'l’identité',
  agrement: 'l’agrément',
  contact: 'les coordonnées et choix de publication',
  availability: 'les disponibilités',
};

const draftSections: Operation[] = (Object.keys(SECTION_BODIES) as Section[]).map((section) => ({
  method: 'put',
  path: `/api/registrations/{id}/sections/${section}`,
  summary: `Enregistrer ${SECTION_TITLES[section]} (brouillon ou correction)`,
  access: childminder,
  params: own,
  body: SECTION_BODIES[section],
  ok: { 200: sectionSavedView },
  problems: [409],
}));

const profileSections: Operation[] = PROFILE_SECTIONS.map((section) => ({
  method: 'put',
  path: `/api/registrations/{id}/profile/sections/${section}`,
  summary: `Modifier ${SECTION_TITLES[section]} après activation (tout de suite ou après vérification)`,
  access: childminder,
  params: own,
  body: SECTION_BODIES[section],
  ok: { 200: profileChangeView },
  problems: COMMAND,
}));

export const childminderOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/geo/departements',
    summary: 'Départements desservis',
    access: 'public',
    ok: { 200: departementListView },
  },
  {
    method: 'get',
    path: '/api/geo/communes',
    summary: 'Rechercher une commune (nom ou code postal)',
    access: 'public',
    query: communeSearchSchema,
    ok: { 200: communeListView },
  },
  {
    method: 'get',
    path: '/api/geo/communes/{code}',
    summary: 'Une commune (code INSEE)',
    access: 'public',
    params: { code: communeCodeSchema },
    ok: { 200: communeView },
  },
  {
    method: 'post',
    path: '/api/registrations',
    summary: 'Créer (201) ou retrouver (200) son dossier',
    access: childminder,
    ok: { 200: registrationIdView, 201: registrationIdView },
  },
  {
    method: 'get',
    path: '/api/registrations/{id}',
    summary: 'Son dossier, son statut, sa chronologie',
    access: childminder,
    params: own,
    ok: { 200: registrationView },
  },
  ...draftSections,
  {
    method: 'post',
    path: '/api/registrations/{id}/submit',
    summary: 'Déposer le dossier (adresse électronique confirmée requise)',
    access: childminder,
    params: own,
    ok: { 200: caseStatusView },
    problems: COMMAND,
  },
  {
    method: 'post',
    path: '/api/registrations/{id}/resubmit',
    summary: 'Déposer à nouveau après une demande de correction',
    access: childminder,
    params: own,
    ok: { 200: caseStatusView },
    problems: COMMAND,
  },
  {
    method: 'post',
    path: '/api/registrations/{id}/documents',
    summary:
      'Préparer l’envoi d’une copie de l’agrément (POST présigné S3 ; adresse confirmée, envois en attente comptés)',
    access: childminder,
    params: own,
    body: uploadRequestSchema,
    ok: { 201: uploadView },
    problems: [409],
  },
  {
    method: 'post',
    path: '/api/registrations/{id}/documents/{documentId}/verify',
    summary: 'Faire vérifier le fichier envoyé',
    access: childminder,
    params: ownDocument,
    ok: { 200: documentVerdictView },
    problems: COMMAND,
  },
  {
    method: 'post',
    path: '/api/registrations/{id}/documents/{documentId}/remove',
    summary: 'Retirer une copie acceptée avant la décision',
    access: childminder,
    params: ownDocument,
    ok: { 200: documentRemovedView },
    problems: COMMAND,
  },
  {
    method: 'get',
    path: '/api/registrations/{id}/documents/{documentId}/content',
    summary: 'Lire sa copie acceptée',
    access: childminder,
    params: ownDocument,
    ok: { 200: 'document' },
    problems: [409],
  },
  {
    method: 'get',
    path: '/api/registrations/{id}/profile',
    summary: 'Son profil publié, la modification en attente, ses déclarations',
    access: childminder,
    params: own,
    ok: { 200: profileView },
  },
  {
    method: 'get',
    path: '/api/registrations/{id}/profile/public',
    summary: 'Ce que voient les parents',
    access: childminder,
    params: own,
    ok: { 200: publicProfileView },
  },
  ...profileSections,
  {
    method: 'post',
    path: '/api/registrations/{id}/profile/attestation/uploads',
    summary:
      'Préparer l’envoi d’une nouvelle attestation d’agrément après activation (POST présigné S3, quarantaine)',
    access: childminder,
    params: own,
    body: uploadRequestSchema,
    ok: { 201: uploadView },
    problems: [409],
  },
  {
    method: 'post',
    path: '/api/registrations/{id}/profile/attestation',
    summary:
      'Envoyer la nouvelle attestation et les données d’agrément déclarées : une modification vérifiée par la CAF pivot',
    access: childminder,
    params: own,
    body: attestationRequestSchema.extend({ agrement: agrementSchema }),
    ok: { 200: profileChangeView },
    problems: COMMAND,
  },
  {
    method: 'post',
    path: '/api/registrations/{id}/profile/availability/{status}',
    summary: 'Se déclarer complète ou indisponible, en une action',
    access: childminder,
    params: { id: uuidParam, status: oneActionSchema },
    ok: { 200: availabilityDeclaredView },
    problems: [...COMMAND, 422],
  },
];
