/** The OpenAPI 3.1 document of the API, generated from the operation tables and their zod schemas. */
import { z } from 'zod';
import { problemView } from '../views/common.ts';
import { accountOperations } from './accounts.ts';
import { childminderOperations } from './childminder.ts';
import { departementOperations } from './departement.ts';
import type { Answer, Operation } from './operation.ts';
import { personalDataOperations } from './personal-data.ts';
import { publicOperations } from './public.ts';
import { relayOperations } from './relays.ts';
import { staffOperations } from './staff.ts';
import { supervisionOperations } from './supervision.ts';

export const OPERATIONS: readonly Operation[] = [
  ...accountOperations,
  ...personalDataOperations,
  ...childminderOperations,
  ...staffOperations,
  ...supervisionOperations,
  ...publicOperations,
  ...relayOperations,
  ...departementOperations,
];

const NO_NUL = '^[^\\x00]*$';

const ASCII_CLASSES: Record<string, [string, string]> = {
  d: ['[0-9]', '0-9'],
  w: ['[A-Za-z0-9_]', 'A-Za-z0-9_'],
};

/**
 * A pattern with `\d` and `\w` spelled out: ECMA-262 (JSON Schema's dialect, and the API's) reads them
 * as ASCII, other regex engines (Python's, in test generators) as Unicode classes.
 */
export function asciiPattern(pattern: string): string {
  let result = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '\\' && i + 1 < pattern.length) {
      const next = pattern[i + 1]!;
      const spelled = ASCII_CLASSES[next];
      result += spelled ? spelled[inClass ? 1 : 0] : char + next;
      i++;
      continue;
    }
    if (char === '[') inClass = true;
    else if (char === ']') inClass = false;
    result += char;
  }
  return result;
}

/** A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect), as sent on the wire. */
function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    override: ({ jsonSchema: generated }) => {
      // An email is what zod's pattern accepts: the `email` format of validators is another rule.
      if (generated.format === 'email' && generated.pattern) delete generated.format;
      if (typeof generated.pattern === 'string') generated.pattern = asciiPattern(generated.pattern);
      // No text holds a NUL (api/hardening.ts refuses it: PostgreSQL cannot store one).
      if (generated.type === 'string' && !generated.pattern && !generated.format && !generated.enum)
        generated.pattern = NO_NUL;
    },
  });
  return rest;
}

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Requête illisible : JSON mal formé ou qui n’est pas un objet (`malformed_json`), caractère nul (`nul_character`)',
  401: 'Pas de session, ou session expirée (`unauthenticated`)',
  403: 'Action refusée à ce rôle ou à ce compte',
  404: 'Ressource inexistante ou hors de son périmètre (`not_found`)',
  409: 'Refusé dans l’état actuel du dossier ou du compte',
  413: 'Corps trop volumineux (`body_too_large`)',
  415: 'Type de contenu autre que JSON (`unsupported_media_type`)',
  422: 'Données à corriger : `errors` donne le message de chaque champ',
  429: 'Trop de tentatives : `Retry-After` dit quand revenir',
  503: 'Service momentanément indisponible (courriel, moteur de dossiers)',
};

const CLIENT_401 =
  'Identifiants du client API absents ou inconnus (`invalid_client`), ou révoqués (`revoked_client`) ; `WWW-Authenticate: Basic`';

const OK_DESCRIPTIONS: Record<number, string> = {
  200: 'Réponse',
  201: 'Créé',
  202: 'Accepté',
  204: 'Fait (pas de contenu)',
};

const DOCUMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];

function answer(status: number, view: Answer) {
  const description = OK_DESCRIPTIONS[status] ?? 'Réponse';
  if (view === null) return { description };
  if (view === 'csv') {
    return {
      description: 'Un tableau CSV (UTF-8, points-virgules)',
      content: { 'text/csv': { schema: { type: 'string' } } },
    };
  }
  if (view === 'document') {
    const schema = { type: 'string', contentMediaType: 'application/octet-stream' };
    return {
      description: 'Le fichier, tel que vérifié (PDF, JPEG ou PNG)',
      content: Object.fromEntries(DOCUMENT_TYPES.map((type) => [type, { schema }])),
    };
  }
  return { description, content: { 'application/json': { schema: jsonSchema(view) } } };
}

/** Every problem an operation may answer: its own, and those its shape implies. */
export function problemStatuses(operation: Operation): number[] {
  const statuses = new Set(operation.problems ?? []);
  statuses.add(400); // a NUL character, in the path, the query or the body
  statuses.add(401); // also on public routes: a token sent but expired
  if (Array.isArray(operation.access)) statuses.add(403);
  if (operation.params) statuses.add(404);
  if (operation.query) statuses.add(422);
  if (operation.body) for (const status of [413, 415, 422]) statuses.add(status);
  return [...statuses].sort();
}

function parameters(operation: Operation) {
  const path = Object.entries(operation.params ?? {}).map(([name, schema]) => ({
    name,
    in: 'path',
    required: true,
    schema: jsonSchema(schema),
  }));
  const query = Object.entries(operation.query?.shape ?? {}).map(([name, schema]) => {
    const type = schema as z.ZodType;
    return {
      name,
      in: 'query',
      required: !type.safeParse(undefined).success,
      schema: jsonSchema(type),
    };
  });
  return [...path, ...query];
}

/** `postApiRegistrationsIdSubmit`: the method and the path, camel-cased. */
export function operationId(operation: Pick<Operation, 'method' | 'path'>): string {
  return `${operation.method}${operation.path.replace(/[{}]/g, '').replace(/[/.-](\w)/g, (_, c: string) => c.toUpperCase())}`;
}

function operationObject(operation: Operation) {
  const responses: Record<string, unknown> = {};
  for (const [status, view] of Object.entries(operation.ok)) responses[status] = answer(Number(status), view);
  for (const status of problemStatuses(operation)) {
    responses[status] = {
      description: PROBLEM_DESCRIPTIONS[status] ?? 'Erreur',
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
  }
  if (operation.access === 'departementClient')
    responses[401] = {
      description: CLIENT_401,
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
  const parameterList = parameters(operation);
  return {
    operationId: operationId(operation),
    summary: operation.summary,
    ...(operation.access === 'public' ? { security: [] } : {}),
    ...(operation.access === 'departementClient' ? { security: [{ departementClient: [] }] } : {}),
    ...(Array.isArray(operation.access) ? { 'x-roles': operation.access } : {}),
    ...(parameterList.length ? { parameters: parameterList } : {}),
    ...(operation.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(operation.body) } },
          },
        }
      : {}),
    responses,
  };
}

let cached: object | null = null;

export function openApiDocument(): object {
  if (cached) return cached;
  const paths: Record<string, Record<string, object>> = {};
  for (const operation of OPERATIONS) {
    paths[operation.path] ??= {};
    paths[operation.path]![operation.method] = operationObject(operation);
  }
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'registre-assmat',
      version: '0.1.0',
      description:
        'API du registre des assistantes maternelles. Appelée par le serveur de l’interface (BFF) avec un jeton de session (`Authorization: Bearer`). Les erreurs sont en application/problem+json avec un `code` stable.',
    },
    components: {
      securitySchemes: {
        session: { type: 'http', scheme: 'bearer' },
        departementClient: {
          type: 'http',
          scheme: 'basic',
          description:
            'Les identifiants d’un système du département (`/api/machine/…`) : identifiant et secret donnés une fois à leur création par un agent de la PMI (page « Accès API »), envoyés en `Authorization: Basic base64(identifiant:secret)`. Le département est celui des identifiants.',
        },
      },
      schemas: { Problem: jsonSchema(problemView) },
    },
    security: [{ session: [] }],
    paths,
  };
  return cached;
}
