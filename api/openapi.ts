/** The OpenAPI 3.1 description of the API, generated from the same zod schemas that validate requests. */
import { z } from 'zod';
import {
  agrementSchema,
  availabilitySchema,
  contactSchemaFor,
  identitySchema,
} from '../domain/registration.ts';

const json = (schema: z.ZodType) => ({
  content: {
    'application/json': { schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) },
  },
});

const problem = {
  description: 'Erreur (application/problem+json) avec un `code` stable et un `detail` en français',
  content: {
    'application/problem+json': {
      schema: {
        type: 'object',
        required: ['code', 'detail', 'status'],
        properties: {
          code: { type: 'string' },
          detail: { type: 'string' },
          status: { type: 'integer' },
          errors: {
            type: 'array',
            items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
          },
        },
      },
    },
  },
};

const ok = (description: string) => ({ description });
const responses = (description: string) => ({ 200: ok(description), default: problem });

let cached: object | null = null;

export function openApiDocument(): object {
  cached ??= {
    openapi: '3.1.0',
    info: {
      title: 'registre-assmat',
      version: '0.1.0',
      description:
        'API du registre des assistantes maternelles. Appelée par le serveur de l’interface (BFF) avec un jeton de session (`Authorization: Bearer`).',
    },
    components: { securitySchemes: { session: { type: 'http', scheme: 'bearer' } } },
    security: [{ session: [] }],
    paths: {
      '/api/auth/signup': {
        post: {
          summary: 'Créer un compte assistante maternelle',
          responses: responses('Compte créé, session ouverte'),
        },
      },
      '/api/auth/login': {
        post: { summary: 'Ouvrir une session', responses: responses('Jeton de session') },
      },
      '/api/auth/logout': {
        post: { summary: 'Fermer la session', responses: { 204: ok('Session fermée') } },
      },
      '/api/auth/me': { get: { summary: 'Utilisateur connecté', responses: responses('Profil') } },
      '/api/geo/communes': {
        get: { summary: 'Rechercher une commune (nom ou code postal)', responses: responses('Communes') },
      },
      '/api/registrations': {
        post: { summary: 'Créer (ou retrouver) son dossier', responses: responses('Identifiant du dossier') },
      },
      '/api/registrations/{id}': {
        get: { summary: 'Son dossier, son statut, sa chronologie', responses: responses('Dossier') },
      },
      '/api/registrations/{id}/sections/identity': {
        put: {
          summary: 'Enregistrer l’identité',
          requestBody: json(identitySchema),
          responses: responses('Section enregistrée'),
        },
      },
      '/api/registrations/{id}/sections/agrement': {
        put: {
          summary: 'Enregistrer l’agrément',
          requestBody: json(agrementSchema),
          responses: responses('Section enregistrée'),
        },
      },
      '/api/registrations/{id}/sections/contact': {
        put: {
          summary: 'Enregistrer les coordonnées et choix de publication',
          requestBody: json(contactSchemaFor('home')),
          responses: responses('Section enregistrée'),
        },
      },
      '/api/registrations/{id}/sections/availability': {
        put: {
          summary: 'Déclarer ses disponibilités',
          requestBody: json(availabilitySchema),
          responses: responses('Section enregistrée'),
        },
      },
      '/api/registrations/{id}/documents': {
        post: {
          summary: 'Préparer l’envoi d’une copie de l’agrément (POST présigné S3)',
          responses: responses('Formulaire d’envoi présigné'),
        },
      },
      '/api/registrations/{id}/documents/{documentId}/verify': {
        post: {
          summary: 'Faire vérifier le fichier envoyé',
          responses: responses('Accepté ou refusé, avec le motif'),
        },
      },
      '/api/registrations/{id}/submit': {
        post: { summary: 'Déposer le dossier', responses: responses('Statut du dossier') },
      },
      '/api/registrations/{id}/resubmit': {
        post: { summary: 'Déposer à nouveau après correction', responses: responses('Statut du dossier') },
      },
      '/api/staff/cases': {
        get: {
          summary: 'File d’attente de son office (pagination par curseur)',
          responses: responses('Dossiers'),
        },
      },
      '/api/staff/cases/{id}': {
        get: { summary: 'Vue du dossier pour la modération', responses: responses('Dossier') },
      },
      '/api/staff/cases/{id}/decision': {
        post: {
          summary: 'Valider, demander une correction ou refuser',
          responses: responses('Nouveau statut'),
        },
      },
    },
  };
  return cached;
}
