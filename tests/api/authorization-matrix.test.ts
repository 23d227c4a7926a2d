/**
 * Who may call what, over every route: the matrix (tests/support/authorization-matrix.ts) has a row
 * per documented operation and this file fails when a router serves a route no row covers. Each
 * row is called by every kind of caller — each role, a moderator and a supervisor of another
 * office, a national and a regional supervisor, the data-protection officer, a deactivated account,
 * an unconfirmed childminder, no session — with a fresh session each time. A refused call answers its exact status with a
 * problem code, and writes nothing (no audit line); an allowed one gets past authorisation (and
 * then answers what the operation answers: 200, a 409 of the case's state, a 401 of a wrong password).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRouters } from '../../api/app.ts';
import { issueLink } from '../../api/auth/links.ts';
import { OPERATIONS } from '../../api/openapi/document.ts';
import {
  CALLERS,
  ROLE_OF,
  ROWS,
  type Caller,
  type Row,
  type World,
} from '../support/authorization-matrix.ts';
import { linkToken, waitForMail } from '../support/accounts.ts';
import { activeChildminder } from '../support/childminder.ts';
import { createUser, insertRegistration, registrationFor, uniqueEmail } from '../support/fixtures.ts';
import { sessionFor } from '../support/moderation.ts';
import { insertRelay, relayAgent } from '../support/relays.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let world: World;
const users = {} as Record<Exclude<Caller, 'anonymous'>, Awaited<ReturnType<typeof createUser>>>;

beforeAll(async () => {
  stack = await setUpFile('api-authorization-matrix', { api: true });
  const { db } = stack;
  users.moderatorHere = await createUser(db, { role: 'moderator', officeId: 'caf-69' });
  users.moderatorElsewhere = await createUser(db, { role: 'moderator', officeId: 'caf-75' });
  users.supervisorHere = await createUser(db, { role: 'supervisor', officeIds: ['caf-69', 'caf-13'] });
  users.supervisorElsewhere = await createUser(db, { role: 'supervisor', officeIds: ['caf-75'] });
  users.supervisorNational = await createUser(db, { role: 'supervisor' });
  users.departementAgent = await createUser(db, { role: 'departement_agent', departementCode: '69' });
  users.dataProtection = await createUser(db, { role: 'data_protection' });
  users.otherChildminder = await createUser(db);
  users.unconfirmed = await createUser(db);
  await db('users').where({ id: users.unconfirmed.id }).update({ email_verified_at: null });
  users.deactivated = await createUser(db, { role: 'moderator', officeId: 'caf-69' });
  await db('users').where({ id: users.deactivated.id }).update({ deactivated_at: new Date() });
  const active = await activeChildminder(stack, users.moderatorHere.actor);
  users.owner = active.owner;
  const relayHere = await insertRelay(db, { communeCodes: ['69123'] });
  users.relayHere = await relayAgent(db, relayHere.id);
  users.relayElsewhere = await relayAgent(
    db,
    (await insertRelay(db, { communeCodes: ['75111'], departement: '75' })).id,
  );
  await db('relay_consents').insert({ registration_id: active.registrationId, relay_id: relayHere.id });

  const invited = async (officeId: string) => {
    const user = await createUser(db, { role: 'moderator', officeId });
    await db('users').where({ id: user.id }).update({ password_hash: null });
    return user.id;
  };
  const bulkHere = randomUUID();
  await db('bulk_reassignments').insert({
    id: bulkHere,
    workflow_id: `bulk-reassignment:${bulkHere}`,
    started_by: users.supervisorHere.id,
    to_office_id: 'caf-13',
    selection: JSON.stringify({ kind: 'cases', ids: [active.registrationId] }),
    status: 'completed',
    finished_at: new Date(),
  });
  const inviteeHere = await invited('caf-69');
  const resetUser = await createUser(db);
  const contactRequest = await confirmedContactRequest(active.registrationId);
  world = {
    activeCase: active.registrationId,
    document: (await db('documents').where({ registration_id: active.registrationId }).first('id')).id,
    draft: await insertRegistration(db, users.unconfirmed.id, { identity: registrationFor().identity }),
    inviteeHere,
    inviteeElsewhere: await invited('caf-75'),
    toDeactivate: (await createUser(db, { role: 'moderator', officeId: 'caf-69' })).id,
    bulkHere,
    links: {
      // Another account's link: following it must not confirm the unconfirmed caller's address.
      verification: await issueLink(db, (await createUser(db)).id, 'email_verification'),
      reset: await issueLink(db, resetUser.id, 'password_reset'),
      invitation: await issueLink(db, inviteeHere, 'invitation'),
    },
    contactRequest,
    relayHere: relayHere.id,
    apiClientHere: (
      await db('departement_api_clients')
        .insert({
          departement: '69',
          label: 'Logiciel de la PMI',
          secret_hash: '0'.repeat(64),
          created_by: users.departementAgent.id,
        })
        .returning('id')
    )[0].id,
  };
});

/** A parent's request to her, confirmed by the link the parent was emailed. */
async function confirmedContactRequest(childminderId: string) {
  const parentEmail = uniqueEmail('parent-matrice');
  const sent = await fetch(`${stack.apiUrl}/api/public/childminders/${childminderId}/contact-requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      parentName: 'Léa Martin',
      parentEmail,
      ageGroup: 'under3',
      startDate: '2027-01-04',
      days: ['mon'],
      message: 'Bonjour, une place pour notre fils en janvier ?',
    }),
  });
  const body = (await sent.json()) as { id: string };
  const { id } = body;
  expect(sent.status, JSON.stringify(body)).toBe(201);
  const token = linkToken(
    await waitForMail(stack.mailboxUrl, parentEmail, /Confirmez votre demande/),
    'demandes',
  );
  const verified = await fetch(`${stack.apiUrl}/api/public/contact-requests/${token}/verify`, {
    method: 'POST',
  });
  expect(verified.status).toBe(200);
  // Her link to follow all her requests (« Suivre mes demandes »).
  await fetch(`${stack.apiUrl}/api/public/parent-links`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: parentEmail }),
  });
  const followToken = linkToken(
    await waitForMail(stack.mailboxUrl, parentEmail, /Vos demandes de contact/),
    'suivi-demandes',
  );
  return { id, token, followToken };
}
afterAll(() => stack?.teardown());

const operationOf = (row: Row) => {
  const [method, path] = row.operation.split(' ') as [string, string];
  return OPERATIONS.find((o) => o.method === method.toLowerCase() && o.path === path);
};

/** What a caller must get: a status when refused, 'through' when authorisation lets her by. */
function expected(row: Row, caller: Caller): number | 'through' {
  const refused = row.refused?.[caller];
  if (refused !== undefined) return refused;
  const access = operationOf(row)!.access;
  if (caller === 'deactivated') return 401;
  if (caller === 'anonymous') return access === 'public' ? 'through' : 401;
  if (row.may === 'anyone' || row.may.includes(caller)) return 'through';
  return Array.isArray(access) && !access.includes(ROLE_OF[caller]) ? 403 : 404;
}

async function call(row: Row, caller: Caller) {
  const [method, documented] = row.operation.split(' ') as [string, string];
  const path = row.path?.(world, caller) ?? documented;
  const token = caller === 'anonymous' ? null : await sessionFor(stack.db, users[caller]);
  const body = row.body?.(world, caller);
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : null,
  });
  const json = /json/.test(response.headers.get('content-type') ?? '');
  return {
    status: response.status,
    body: (json ? await response.json() : null) as { code?: string } | null,
  };
}

/** `/api/x/:id/y` as a pattern matching `/api/x/{id}/y` or a documented specialisation of it. */
const pattern = (routePath: string) =>
  new RegExp(`^${routePath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/]+')}$`);

describe('the authorisation matrix', () => {
  it('has a row for every route of every router, and one per documented operation', () => {
    const routes = apiRouters(stack.deps).flatMap((router) =>
      router.stack.flatMap((layer) =>
        layer.methods.filter((m) => m !== 'HEAD').map((method) => `${method} ${String(layer.path)}`),
      ),
    );
    const uncovered = routes.filter((route) => {
      const [method, path] = route.split(' ') as [string, string];
      return !ROWS.some((row) => {
        const [rowMethod, rowPath] = row.operation.split(' ') as [string, string];
        return rowMethod === method && pattern(path.replace(/\/$/, '')).test(rowPath);
      });
    });
    expect(routes.length).toBeGreaterThan(55);
    expect(uncovered).toEqual([]);
    expect(ROWS.filter((row) => !operationOf(row)).map((row) => row.operation)).toEqual([]);
    expect(new Set(ROWS.map((row) => row.operation)).size).toBe(OPERATIONS.length);
  });

  it.each(ROWS.map((row) => [row.operation, row] as const))('%s', async (_operation, row) => {
    // Refusals first, each writing nothing; then the callers who may.
    const order = [...CALLERS].sort(
      (a, b) => Number(expected(row, a) === 'through') - Number(expected(row, b) === 'through'),
    );
    for (const caller of order) {
      const want = expected(row, caller);
      const audited = Number(
        (await stack.db('audit_log').count<[{ count: string }]>('* as count'))[0]!.count,
      );
      const answer = await call(row, caller);
      const seen = `${row.operation} par ${caller} : ${answer.status} ${JSON.stringify(answer.body)}`;
      if (want === 'through') {
        // Past authorisation: whatever the operation answers then (a wrong password is a 401 of its
        // own), but neither a missing session, a refusal of the role, nor a record out of reach.
        expect(answer.status, seen).toBeLessThan(500);
        expect(answer.status === 401 && answer.body?.code === 'unauthenticated', seen).toBe(false);
        expect([403, 404], seen).not.toContain(answer.status);
      } else {
        expect(answer.status, seen).toBe(want);
        expect(answer.body?.code, seen).toMatch(/^[a-z_]+$/);
        const after = Number(
          (await stack.db('audit_log').count<[{ count: string }]>('* as count'))[0]!.count,
        );
        expect(after, `${seen} : rien ne doit être écrit`).toBe(audited);
      }
    }
  });
});
