/** The OpenAPI 3.1 description of the API, generated from the same zod schemas that validate requests. */
import { z } from 'zod';
import {
  agrementSchema,
  availabilitySchema,
  contactSchemaFor,
  identitySchema,
} from '../domain/registration.ts';
import { contactAnswerSchema, contactRequestSchema } from '../domain/contact-requests.ts';

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

type Method = 'get' | 'post' | 'put';

/** Every route, with what it does; request bodies described by their zod schema where it exists. */
const ROUTES: Array<[Method, string, string, z.ZodType?]> = [
  ['post', '/api/auth/signup', 'Créer un compte assistante maternelle (un lien de vérification est envoyé)'],
  ['post', '/api/auth/login', 'Ouvrir une session (le personnel reçoit ensuite une demande de code)'],
  ['post', '/api/auth/login/second-factor', 'Second facteur du personnel : code TOTP'],
  ['post', '/api/auth/logout', 'Fermer la session'],
  ['get', '/api/auth/me', 'Utilisateur connecté'],
  ['post', '/api/auth/email-verification/{token}', 'Vérifier son adresse électronique (lien reçu)'],
  ['post', '/api/auth/password-reset', 'Demander un lien de réinitialisation du mot de passe'],
  ['get', '/api/auth/password-reset/{token}', 'Vérifier un lien de réinitialisation'],
  ['post', '/api/auth/password-reset/{token}', 'Choisir un nouveau mot de passe (ferme toutes les sessions)'],
  ['get', '/api/auth/invitations/{token}', 'Invitation d’un agent : QR code et secret TOTP'],
  ['post', '/api/auth/invitations/{token}', 'Accepter une invitation : mot de passe et premier code'],
  ['get', '/api/account', 'Son compte'],
  ['post', '/api/account/email-verification', 'Renvoyer le lien de vérification'],
  ['post', '/api/account/password', 'Changer de mot de passe (ferme les autres sessions)'],
  ['post', '/api/account/sessions/end-all', 'Se déconnecter partout'],
  ['get', '/api/geo/departements', 'Départements desservis'],
  ['get', '/api/geo/communes', 'Rechercher une commune (nom ou code postal)'],
  ['get', '/api/geo/communes/{code}', 'Une commune'],
  ['post', '/api/registrations', 'Créer (ou retrouver) son dossier'],
  ['get', '/api/registrations/{id}', 'Son dossier, son statut, sa chronologie'],
  ['put', '/api/registrations/{id}/sections/identity', 'Enregistrer l’identité', identitySchema],
  ['put', '/api/registrations/{id}/sections/agrement', 'Enregistrer l’agrément', agrementSchema],
  [
    'put',
    '/api/registrations/{id}/sections/contact',
    'Coordonnées et choix de publication',
    contactSchemaFor('home'),
  ],
  ['put', '/api/registrations/{id}/sections/availability', 'Déclarer ses disponibilités', availabilitySchema],
  ['post', '/api/registrations/{id}/submit', 'Déposer le dossier (adresse vérifiée requise)'],
  ['post', '/api/registrations/{id}/resubmit', 'Déposer à nouveau après correction'],
  [
    'post',
    '/api/registrations/{id}/documents',
    'Préparer l’envoi d’une copie de l’agrément (POST présigné S3)',
  ],
  ['post', '/api/registrations/{id}/documents/{documentId}/verify', 'Faire vérifier le fichier envoyé'],
  ['post', '/api/registrations/{id}/documents/{documentId}/remove', 'Retirer une copie avant la décision'],
  ['get', '/api/registrations/{id}/documents/{documentId}/content', 'Lire sa copie acceptée'],
  [
    'get',
    '/api/registrations/{id}/profile',
    'Son profil publié, la modification en attente, ses déclarations',
  ],
  ['get', '/api/registrations/{id}/profile/public', 'Ce que voient les parents'],
  [
    'put',
    '/api/registrations/{id}/profile/sections/{section}',
    'Modifier une section (tout de suite ou après vérification)',
  ],
  ['post', '/api/registrations/{id}/profile/availability/{status}', 'Se déclarer complète ou indisponible'],
  ['get', '/api/staff/cases', 'File d’attente (filtres, tri, compteurs, pagination par curseur)'],
  ['get', '/api/staff/cases/{id}', 'Vue du dossier pour la modération'],
  ['get', '/api/staff/cases/{id}/documents/{documentId}/content', 'Lire une copie du dossier (accès tracé)'],
  ['post', '/api/staff/cases/{id}/notes', 'Ajouter une note interne'],
  ['post', '/api/staff/cases/{id}/claim', 'Prendre le dossier en charge'],
  ['post', '/api/staff/cases/{id}/release', 'Remettre le dossier dans la file'],
  ['post', '/api/staff/cases/{id}/assign', 'Confier le dossier à une modératrice (superviseur)'],
  ['post', '/api/staff/cases/{id}/reassign', 'Transférer le dossier à une autre CAF (superviseur)'],
  ['post', '/api/staff/cases/{id}/decision', 'Valider, demander une correction ou refuser'],
  ['get', '/api/staff/accounts', 'Agents de ses CAF (superviseur)'],
  ['post', '/api/staff/accounts', 'Inviter un agent'],
  ['get', '/api/staff/accounts/{id}', 'Un agent'],
  ['post', '/api/staff/accounts/{id}/invitation', 'Renvoyer l’invitation'],
  ['post', '/api/staff/accounts/{id}/deactivate', 'Désactiver un compte (ferme ses sessions)'],
  ['get', '/api/supervision/dashboard', 'Tableau de bord par CAF ou national'],
  ['get', '/api/supervision/offices', 'CAF pivots et délais cibles'],
  ['put', '/api/supervision/offices/{id}', 'Modifier le délai cible d’une CAF'],
  ['get', '/api/supervision/routing', 'Table de routage département → CAF'],
  ['get', '/api/supervision/routing/changes', 'Historique des changements de routage'],
  ['put', '/api/supervision/routing/{departement}', 'Changer la CAF d’un département (nouveaux dossiers)'],
  ['get', '/api/supervision/cases', 'Dossiers d’un filtre, pour une réaffectation'],
  ['get', '/api/supervision/reassignments', 'Réaffectations en masse'],
  ['post', '/api/supervision/reassignments', 'Lancer une réaffectation (sélection ou filtre)'],
  ['get', '/api/supervision/reassignments/{id}', 'Avancement et rapport d’une réaffectation'],
  ['post', '/api/supervision/reassignments/{id}/cancel', 'Arrêter une réaffectation'],
  [
    'get',
    '/api/supervision/contact-requests/figures',
    'Mises en relation : transmises, répondues sous 3 jours, motifs',
  ],
  [
    'get',
    '/api/public/search',
    'Rechercher une assistante maternelle (commune, distance, âge, jours, horaires, date)',
  ],
  ['get', '/api/public/places', 'Communes correspondant à un nom ou à un code postal'],
  ['get', '/api/public/childminders/{id}', 'Fiche publique d’une assistante maternelle'],
  [
    'post',
    '/api/public/childminders/{id}/contact-requests',
    'Envoyer une demande de contact (un lien de confirmation est envoyé au parent)',
    contactRequestSchema,
  ],
  [
    'post',
    '/api/public/contact-requests/{token}/verify',
    'Confirmer son adresse (lien reçu) : la demande est transmise',
  ],
  ['get', '/api/public/contact-requests/{token}', 'Suivre sa demande et lire la réponse (lien privé)'],
  ['get', '/api/contact-requests', 'Mes demandes (assistante maternelle)'],
  ['get', '/api/contact-requests/{id}', 'Une demande reçue, avec les coordonnées du parent'],
  ['post', '/api/contact-requests/{id}/answer', 'Répondre ou décliner (motif codé)', contactAnswerSchema],
];

/** Routes anyone may call, without a session. */
const PUBLIC_PREFIX = '/api/public/';

function paths(): Record<string, Record<string, object>> {
  const result: Record<string, Record<string, object>> = {};
  for (const [method, path, summary, body] of ROUTES) {
    result[path] ??= {};
    result[path][method] = {
      summary,
      ...(path.startsWith(PUBLIC_PREFIX) ? { security: [] } : {}),
      ...(body ? { requestBody: json(body) } : {}),
      responses: responses(summary),
    };
  }
  return result;
}

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
    paths: paths(),
  };
  return cached;
}
