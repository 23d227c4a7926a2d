/**
 * The départements' machine API on the real stack: an agent creates her département's client
 * credentials (the secret given once, only its hash kept, never listed), a system sends every kind of
 * notification with them (the form's JSON and answers, idempotent by its reference, channel `api`),
 * the département being the credential's only: a Paris client never touches a Lyon childminder; a
 * revoked or wrong credential is a 401 with a stable code; failed attempts are throttled.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client.ts';
import { createUser } from '../support/fixtures.ts';
import { sessionFor } from '../support/moderation.ts';
import { publishedChildminder } from '../support/search.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let api: ReturnType<typeof apiClient>;
let agent69: string;
let agent75: string;

beforeAll(async () => {
  stack = await setUpFile('departement-machine-api', { api: true });
  api = apiClient(stack.apiUrl);
  const agentOf = async (departementCode: string) =>
    sessionFor(stack.db, await createUser(stack.db, { role: 'departement_agent', departementCode }));
  agent69 = await agentOf('69');
  agent75 = await agentOf('75');
});
afterAll(() => stack?.teardown());

interface Credentials {
  id: string;
  secret: string;
}

/** An agent's new client: its id and the secret shown once. */
async function newClient(agent: string, label = 'Logiciel de la PMI'): Promise<Credentials> {
  const created = await api.post('/api/departement/api-clients', { label }, agent);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { id: created.body.id, secret: created.body.secret };
}

const basic = (c: Credentials) => `Basic ${Buffer.from(`${c.id}:${c.secret}`).toString('base64')}`;

/** A call of a département's system, with its `Authorization` header (or none). */
async function machine(method: 'GET' | 'POST', path: string, authorization: string | null, body?: unknown) {
  const response = await fetch(`${stack.apiUrl}/api/machine/departement${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(authorization ? { authorization } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : null,
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    challenge: response.headers.get('www-authenticate'),
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    body: (await response.json()) as any,
  };
}
const send = (c: Credentials, body: unknown) => machine('POST', '/notifications', basic(c), body);

let counter = 0;
const reference = () => `SI-${Date.now().toString(36)}-${++counter}`;
const today = () => new Date().toISOString().slice(0, 10);
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
function about(c: Awaited<ReturnType<typeof publishedChildminder>>, over: Record<string, unknown>) {
  return {
    reference: reference(),
    agrementNumber: c.data.agrement.number,
    birthName: c.data.identity.birthName,
    birthDate: '1985-03-14',
    effectiveDate: today(),
    ...over,
  };
}
const publicPage = async (id: string) => (await api.get(`/api/public/childminders/${id}`)).status;

describe('client credentials, as an agent manages them', () => {
  it('gives the secret once, keeps only its hash, lists it without the secret, audits the creation', async () => {
    const client = await newClient(agent69, 'SI Rhône — solis');
    expect(client.secret.length).toBeGreaterThanOrEqual(43);
    const row = await stack.db('departement_api_clients').where({ id: client.id }).first();
    expect(row).toMatchObject({ departement: '69', label: 'SI Rhône — solis', revoked_at: null });
    expect(row.secret_hash).toBe(createHash('sha256').update(client.secret).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(client.secret);

    const list = await api.get('/api/departement/api-clients', agent69);
    expect(list.status).toBe(200);
    const item = list.body.items.find((i: { id: string }) => i.id === client.id);
    expect(item).toMatchObject({ label: 'SI Rhône — solis', lastUsedAt: null, revokedAt: null });
    expect(JSON.stringify(list.body)).not.toContain(client.secret);
    expect(Object.keys(item)).not.toContain('secret');
    // Another département's agent does not see it, nor may she revoke it.
    const paris = await api.get('/api/departement/api-clients', agent75);
    expect(paris.body.items.map((i: { id: string }) => i.id)).not.toContain(client.id);
    expect(
      (await api.post(`/api/departement/api-clients/${client.id}/revoke`, undefined, agent75)).status,
    ).toBe(404);
    expect(await send(client, { kind: 'x' })).toMatchObject({ status: 422 });

    const audited = await stack.db('audit_log').where({ target_id: client.id }).orderBy('seq');
    expect(audited.map((line) => line.action)).toEqual(['departement.api_client_created']);
    expect(JSON.stringify(audited)).not.toContain(client.secret);
  });

  it('refuses a nameless client, saying so in French', async () => {
    const response = await api.post('/api/departement/api-clients', { label: '  ' }, agent69);
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([
      { path: 'label', message: 'Nommez le système qui utilisera ces identifiants.' },
    ]);
  });
});

describe('a département’s system', () => {
  it('sends each kind of notification, applied once by its reference, recorded as from the API and its client', async () => {
    const client = await newClient(agent69);
    const her = await publishedChildminder(stack.db);
    const suspension = about(her, { kind: 'suspension', reason: 'enquete', endDate: inDays(30) });
    const first = await send(client, suspension);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ outcome: 'applied', refusal: null });
    expect(await publicPage(her.id)).toBe(404);

    // The same reference again: the form's answer, nothing applied twice.
    const again = await send(client, suspension);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({
      outcome: 'already_applied',
      notificationId: first.body.notificationId,
      refusal: null,
    });
    expect(
      await stack.db('audit_log').where({ target_id: her.id, action: 'agrement.suspension' }),
    ).toHaveLength(1);

    const lifting = await send(client, about(her, { kind: 'lifting', reason: 'fin_anticipee' }));
    expect(lifting.body.outcome).toBe('applied');
    expect(await publicPage(her.id)).toBe(200);
    const renewal = await send(
      client,
      about(her, { kind: 'renewal', reason: 'renouvellement', expiryDate: '2031-08-31' }),
    );
    expect(renewal.body.outcome).toBe('applied');
    const modification = await send(
      client,
      about(her, { kind: 'modification', reason: 'decision_pmi', capacity: 2 }),
    );
    expect(modification.body.outcome).toBe('applied');
    const agrement = (await stack.db('registrations').where({ id: her.id }).first('agrement')).agrement;
    expect(agrement).toMatchObject({ expiryDate: '2031-08-31', capacity: 2 });
    const fresh = await send(client, {
      ...about(her, { kind: 'new_agrement', reason: 'premier_agrement' }),
      agrementNumber: `AG-69-SI-${Date.now().toString(36)}`,
      birthName: 'NOUVELLE',
    });
    expect(fresh).toMatchObject({ status: 201, body: { outcome: 'unmatched' } });
    const withdrawal = await send(client, about(her, { kind: 'withdrawal', reason: 'avis_commission' }));
    expect(withdrawal.body.outcome).toBe('applied');
    expect(await publicPage(her.id)).toBe(404);

    // Refused by the same rule and with the same code as through the form.
    const tooLong = await send(
      client,
      about(her, { kind: 'suspension', reason: 'enquete', endDate: inDays(130) }),
    );
    expect(tooLong).toMatchObject({ status: 422, body: { code: 'suspension_too_long' } });

    const rows = await stack.db('agrement_notifications').where({ client_id: client.id });
    expect(rows).toHaveLength(6);
    expect(new Set(rows.map((r) => `${r.channel} ${r.departement} ${r.sent_by}`))).toEqual(
      new Set(['api 69 null']),
    );
    const line = await stack
      .db('audit_log')
      .where({ target_id: her.id, action: 'agrement.withdrawal' })
      .first();
    expect(line.detail).toMatchObject({ channel: 'api', clientId: client.id });
    const used = await stack.db('departement_api_clients').where({ id: client.id }).first('last_used_at');
    expect(used.last_used_at).toBeInstanceOf(Date);

    // Read back by its reference.
    const read = await machine(
      'GET',
      `/notifications?reference=${encodeURIComponent(suspension.reference)}`,
      basic(client),
    );
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      id: first.body.notificationId,
      kind: 'suspension',
      outcome: 'applied',
      channel: 'api',
    });
  });

  it('acts for its own département only: a Paris client cannot touch a Lyon childminder, nor read Lyon’s notifications', async () => {
    const lyon = await newClient(agent69);
    const paris = await newClient(agent75);
    const her = await publishedChildminder(stack.db);
    const body = about(her, { kind: 'withdrawal', reason: 'avis_commission' });
    // Paris names her Lyon agrément: no holder in Paris, so it waits unmatched there and changes nothing of hers.
    const elsewhere = await send(paris, body);
    expect(elsewhere.body).toMatchObject({ outcome: 'unmatched' });
    expect(await publicPage(her.id)).toBe(200);
    expect(await stack.db('agrement_standing').where({ registration_id: her.id })).toEqual([]);
    expect(
      await stack.db('audit_log').where({ target_id: her.id }).whereLike('action', 'agrement.%'),
    ).toEqual([]);
    const stored = await stack.db('agrement_notifications').where({ reference: body.reference });
    expect(stored).toMatchObject([{ departement: '75', outcome: 'unmatched', registration_id: null }]);

    // A departement field in the body is not read: the credential says which département.
    const claimed = await send(paris, { ...body, reference: reference(), departement: '69' });
    expect(claimed.body.outcome).toBe('unmatched');
    expect(await publicPage(her.id)).toBe(200);

    // Lyon's own reference, read by Paris: nothing there.
    const lyonReference = reference();
    const sent = await send(lyon, {
      ...body,
      reference: lyonReference,
      kind: 'suspension',
      reason: 'enquete',
      endDate: inDays(5),
    });
    expect(sent.body.outcome).toBe('applied');
    const path = `/notifications?reference=${encodeURIComponent(lyonReference)}`;
    expect((await machine('GET', path, basic(lyon))).status).toBe(200);
    expect((await machine('GET', path, basic(paris))).status).toBe(404);
  });

  it('is refused with a 401 and a stable code once revoked, with a wrong secret, or with a session', async () => {
    const client = await newClient(agent69);
    const her = await publishedChildminder(stack.db);
    const revoked = await api.post(`/api/departement/api-clients/${client.id}/revoke`, undefined, agent69);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    // Revoking again changes nothing, and writes no second line.
    await api.post(`/api/departement/api-clients/${client.id}/revoke`, undefined, agent69);
    expect(
      (await stack.db('audit_log').where({ target_id: client.id }).orderBy('seq')).map((l) => l.action),
    ).toEqual(['departement.api_client_created', 'departement.api_client_revoked']);

    const refused = await send(client, about(her, { kind: 'withdrawal', reason: 'avis_commission' }));
    expect(refused).toMatchObject({
      status: 401,
      type: 'application/problem+json',
      body: { code: 'revoked_client' },
    });
    expect(refused.challenge).toMatch(/^Basic /);
    expect(await publicPage(her.id)).toBe(200);

    const live = await newClient(agent69);
    const wrong = await send({ id: live.id, secret: `${live.secret}x` }, {});
    expect(wrong).toMatchObject({ status: 401, body: { code: 'invalid_client' } });
    const unknown = await send({ id: '00000000-0000-4000-8000-000000000000', secret: live.secret }, {});
    expect(unknown).toMatchObject({ status: 401, body: { code: 'invalid_client' } });
    expect((await machine('POST', '/notifications', null, {})).body.code).toBe('invalid_client');
    expect((await machine('POST', '/notifications', 'Basic pas-du-base64!', {})).body.code).toBe(
      'invalid_client',
    );
    // The agent's own session opens her pages, not the machine API.
    expect((await machine('POST', '/notifications', `Bearer ${agent69}`, {})).body.code).toBe(
      'invalid_client',
    );
    expect(await stack.db('agrement_notifications').where({ client_id: client.id })).toEqual([]);
  });

  // Last: it fills this address's budget of failures.
  it('throttles failed authentications per network address, then refuses even a good secret for a while, sign-ins apart', async () => {
    const client = await newClient(agent69);
    let status = 401;
    let attempts = 0;
    while (status === 401 && attempts < 40) {
      attempts += 1;
      status = (await send({ id: client.id, secret: 'devine' }, {})).status;
    }
    expect(status).toBe(429);
    const good = await fetch(`${stack.apiUrl}/api/machine/departement/notifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basic(client) },
      body: '{}',
    });
    expect(good.status).toBe(429);
    expect(Number(good.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await good.json()) as { code: string }).code).toBe('too_many_attempts');
    // Without credentials nothing is guessed: still the 401 that says what to send, not a 429.
    const bare = await fetch(`${stack.apiUrl}/api/machine/departement/notifications?reference=X`);
    expect(bare.status).toBe(401);
    expect(((await bare.json()) as { code: string }).code).toBe('invalid_client');
    // A budget of its own: the agents' sign-ins from the same address are not locked out by it.
    const signIn = await api.post('/api/auth/login', {
      email: 'personne@exemple.test',
      password: 'faux-mot-de-passe',
    });
    expect(signIn.status, JSON.stringify(signIn.body)).toBe(401);
  });
});
