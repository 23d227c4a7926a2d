/**
 * The client credentials of a département's own systems: an id (the row's uuid) and a random secret
 * of 256 bits, shown once at creation; only its SHA-256 is kept, as for session tokens (a secret that
 * random needs no slow hash). A system authenticates each call with HTTP Basic (`id:secret`, RFC 6749
 * § 2.3.1's client authentication); the département it acts for comes from the credential alone.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Knex } from 'knex';
import type { Next } from 'koa';
import { z } from 'zod';
import type { Actor } from '../../domain/case-rules.ts';
import { audit } from '../audit.ts';
import { hashToken, newToken } from '../auth/sessions.ts';
import { ensureAddressMayTry, recordFailedAttempt } from '../auth/throttle.ts';
import type { AppContext } from '../context.ts';
import { notFound, Problem } from '../problem.ts';

/** The system calling, once its credentials are checked. */
export interface ApiClient {
  id: string;
  departement: string;
}

const CHALLENGE = 'Basic realm="registre-assmat", charset="UTF-8"';

const invalidClient = () =>
  new Problem(
    401,
    'invalid_client',
    'Identifiants du client API absents ou inconnus : envoyez `Authorization: Basic` avec l’identifiant et le secret donnés à sa création.',
  );
const revokedClient = () =>
  new Problem(
    401,
    'revoked_client',
    'Ces identifiants ont été révoqués par votre département : demandez-en de nouveaux à un agent de la PMI.',
  );

const listColumns = [
  'c.id',
  'c.label',
  'c.created_at as createdAt',
  'u.display_name as createdBy',
  'c.last_used_at as lastUsedAt',
  'c.revoked_at as revokedAt',
];

/** Clients of a département as listed: never a secret (only its hash is kept). */
const clientsOf = (db: Knex, departement: string) =>
  db('departement_api_clients as c')
    .join('users as u', 'u.id', 'c.created_by')
    .where('c.departement', departement)
    .select(listColumns);

/** Her département's clients, newest first. */
export async function listApiClients(db: Knex, departement: string) {
  return clientsOf(db, departement).orderBy('c.created_at', 'desc').limit(100);
}

/** A new client of her département: its secret is returned here and never again. */
export async function createApiClient(
  db: Knex,
  actor: Pick<Actor, 'userId' | 'role'>,
  departement: string,
  label: string,
) {
  const secret = newToken();
  return db.transaction(async (trx) => {
    const [row] = await trx('departement_api_clients')
      .insert({ departement, label, secret_hash: hashToken(secret), created_by: actor.userId })
      .returning(['id', 'label', 'created_at as createdAt']);
    await audit(
      trx,
      actor,
      'departement.api_client_created',
      { type: 'departement_api_client', id: row.id },
      { departement },
    );
    return { ...(row as { id: string; label: string; createdAt: Date }), secret };
  });
}

/** Revokes one client of her département (a 404 for another's); revoking it again changes nothing. */
export async function revokeApiClient(
  db: Knex,
  actor: Pick<Actor, 'userId' | 'role'>,
  departement: string,
  id: string,
) {
  await db.transaction(async (trx) => {
    const client = await trx('departement_api_clients')
      .where({ id, departement })
      .forUpdate()
      .first('revoked_at');
    if (!client) throw notFound();
    if (client.revoked_at) return;
    await trx('departement_api_clients').where({ id }).update({ revoked_at: trx.fn.now() });
    await audit(
      trx,
      actor,
      'departement.api_client_revoked',
      { type: 'departement_api_client', id },
      { departement },
    );
  });
  return clientsOf(db, departement).where('c.id', id).first();
}

/** `id:secret` from an HTTP Basic header, or null when the header is anything else. */
function basicCredentials(header: string): { id: string; secret: string } | null {
  const match = /^Basic ([A-Za-z0-9+/=]{1,400})$/.exec(header.trim());
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  const id = decoded.slice(0, colon);
  const secret = decoded.slice(colon + 1);
  if (!z.uuid().safeParse(id).success || !secret) return null;
  return { id, secret };
}

const sameHash = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** The client behind a Basic header: the département's, its last use recorded; else a 401 problem. */
async function clientFor(db: Knex, header: string): Promise<ApiClient> {
  const credentials = basicCredentials(header);
  if (!credentials) throw invalidClient();
  const row = await db('departement_api_clients')
    .where({ id: credentials.id })
    .first('id', 'departement', 'secret_hash', 'revoked_at');
  if (!row || !sameHash(row.secret_hash as string, hashToken(credentials.secret))) throw invalidClient();
  if (row.revoked_at) throw revokedClient();
  await db('departement_api_clients').where({ id: row.id }).update({ last_used_at: db.fn.now() });
  return { id: row.id, departement: row.departement };
}

/**
 * Router middleware of the machine routes: checks the client's credentials (a session is not one),
 * the failed ones throttled per network address with the thresholds of sign-ins but a budget of their
 * own (a system misconfigured does not lock its agents' sign-ins out); the client is then in
 * `ctx.state.apiClient`. A call without Basic credentials guesses nothing: refused, not counted.
 */
export function requireApiClient(db: Knex) {
  return async (ctx: AppContext, next: Next) => {
    let client: ApiClient;
    const header = ctx.get('authorization');
    const address = `client-api:${ctx.ip}`;
    try {
      // Only a Basic attempt may be a guess: a call without credentials is a 401 at once, never a 429.
      if (/^Basic /i.test(header)) await ensureAddressMayTry(db, address, 'd’authentification');
      try {
        client = await clientFor(db, header);
      } catch (error) {
        if (error instanceof Problem && error.status === 401 && /^Basic /i.test(header))
          await recordFailedAttempt(db, keyOf(header), address);
        throw error;
      }
    } catch (error) {
      if (error instanceof Problem && error.status === 401) ctx.set('WWW-Authenticate', CHALLENGE);
      throw error;
    }
    ctx.state.apiClient = client;
    await next();
  };
}

/** What the failure log keeps of a failed attempt: a hash of the client id tried, never a secret. */
const keyOf = (header: string) =>
  createHash('sha256')
    .update(`client-api:${basicCredentials(header)?.id ?? 'illisible'}`)
    .digest('hex');

/** The client checked by `requireApiClient`. */
export function apiClientOf(ctx: AppContext): ApiClient {
  const client = ctx.state.apiClient;
  if (!client) throw invalidClient();
  return client;
}
