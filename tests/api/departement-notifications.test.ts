/**
 * The départements' notifications through the API, on the real stack: each kind applied once by its
 * reference, refused with its reason, unmatched into the pivot CAF's queue; a batch file with its
 * report, sent twice; her département's childminders, and only hers; the public register without
 * a suspended or withdrawn childminder, at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_HEADER } from '../../domain/agrement-notification-csv.ts';
import { apiClient } from '../support/api-client.ts';
import { createUser } from '../support/fixtures.ts';
import { sessionFor } from '../support/moderation.ts';
import { publishedChildminder } from '../support/search.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let api: ReturnType<typeof apiClient>;
let agent69: string;
let agent75: string;
let moderator69: string;
let moderator75: string;

beforeAll(async () => {
  stack = await setUpFile('departement-notifications', { api: true });
  api = apiClient(stack.apiUrl);
  agent69 = await sessionFor(
    stack.db,
    await createUser(stack.db, { role: 'departement_agent', departementCode: '69' }),
  );
  agent75 = await sessionFor(
    stack.db,
    await createUser(stack.db, { role: 'departement_agent', departementCode: '75' }),
  );
  moderator69 = await sessionFor(
    stack.db,
    await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' }),
  );
  moderator75 = await sessionFor(
    stack.db,
    await createUser(stack.db, { role: 'moderator', officeId: 'caf-75' }),
  );
});
afterAll(() => stack?.teardown());

let counter = 0;
const reference = () => `PMI-${Date.now().toString(36)}-${++counter}`;
const today = () => new Date().toISOString().slice(0, 10);
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** A notification about a published childminder, her identity as the PMI knows it. */
function about(childminder: Awaited<ReturnType<typeof publishedChildminder>>, over: Record<string, unknown>) {
  return {
    reference: reference(),
    agrementNumber: childminder.data.agrement.number,
    birthName: childminder.data.identity.birthName,
    birthDate: '1985-03-14',
    effectiveDate: today(),
    ...over,
  };
}
const suspension = (
  c: Awaited<ReturnType<typeof publishedChildminder>>,
  over: Record<string, unknown> = {},
) => about(c, { kind: 'suspension', reason: 'enquete', endDate: inDays(30), ...over });

const publicPage = async (id: string) => (await api.get(`/api/public/childminders/${id}`)).status;
const listed = async (id: string) => {
  const body = (await api.get('/api/public/search?commune=69383&rayon=5')).body;
  return body.items.some((item: { id: string }) => item.id === id);
};

describe('a suspension', () => {
  it('takes her out of every public answer at once, and is applied once however many times it is sent', async () => {
    const her = await publishedChildminder(stack.db);
    expect(await publicPage(her.id)).toBe(200);
    expect(await listed(her.id)).toBe(true);

    const body = suspension(her);
    const first = await api.post('/api/departement/notifications', body, agent69);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ outcome: 'applied', refusal: null });
    expect(await publicPage(her.id)).toBe(404);
    expect(await listed(her.id)).toBe(false);

    const again = await api.post('/api/departement/notifications', body, agent69);
    expect(again.body).toMatchObject({
      outcome: 'already_applied',
      notificationId: first.body.notificationId,
    });
    expect(
      await stack.db('agrement_notifications').where({ registration_id: her.id }).count('* as n').first(),
    ).toEqual({ n: '1' });
    const audited = await stack.db('audit_log').where({ target_id: her.id, action: 'agrement.suspension' });
    expect(audited).toHaveLength(1);
  });

  it('is refused beyond 4 months, with its reason in French and a stable code', async () => {
    const her = await publishedChildminder(stack.db);
    const response = await api.post(
      '/api/departement/notifications',
      suspension(her, { endDate: inDays(130) }),
      agent69,
    );
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      code: 'suspension_too_long',
      detail: 'Une suspension dure 4 mois au plus.',
    });
    expect(await publicPage(her.id)).toBe(200);
  });

  it('is refused when her birth name or date do not match the agrément’s holder', async () => {
    const her = await publishedChildminder(stack.db);
    const response = await api.post(
      '/api/departement/notifications',
      suspension(her, { birthName: 'MARTIN' }),
      agent69,
    );
    expect(response.body.code).toBe('identity_mismatch');
    expect(await publicPage(her.id)).toBe(200);
  });

  it('starting in the future keeps her published until then', async () => {
    const her = await publishedChildminder(stack.db);
    const response = await api.post(
      '/api/departement/notifications',
      suspension(her, { effectiveDate: inDays(3), endDate: inDays(20) }),
      agent69,
    );
    expect(response.body.outcome).toBe('applied');
    expect(await publicPage(her.id)).toBe(200);
  });
});

describe('withdrawal, lifting, renewal and modification', () => {
  it('a withdrawal unpublishes her; a lifting afterwards is refused', async () => {
    const her = await publishedChildminder(stack.db);
    await api.post('/api/departement/notifications', suspension(her), agent69);
    const withdrawal = await api.post(
      '/api/departement/notifications',
      about(her, { kind: 'withdrawal', reason: 'avis_commission' }),
      agent69,
    );
    expect(withdrawal.body.outcome).toBe('applied');
    const lifting = await api.post(
      '/api/departement/notifications',
      about(her, { kind: 'lifting', reason: 'fin_anticipee' }),
      agent69,
    );
    expect(lifting.body.code).toBe('no_suspension');
    expect(await publicPage(her.id)).toBe(404);
  });

  it('a lifting brings her back at once', async () => {
    const her = await publishedChildminder(stack.db);
    await api.post('/api/departement/notifications', suspension(her), agent69);
    expect(await publicPage(her.id)).toBe(404);
    const lifting = await api.post(
      '/api/departement/notifications',
      about(her, { kind: 'lifting', reason: 'fin_anticipee' }),
      agent69,
    );
    expect(lifting.body.outcome).toBe('applied');
    expect(await publicPage(her.id)).toBe(200);
  });

  it('an expired agrément is not public; a renewal brings her back; a modification changes her capacity', async () => {
    const her = await publishedChildminder(stack.db);
    await stack
      .db('registrations')
      .where({ id: her.id })
      .update({
        agrement: stack.db.raw(`agrement || jsonb_build_object('expiryDate', ?::text)`, [inDays(-1)]),
      });
    expect(await publicPage(her.id)).toBe(404);
    expect(await listed(her.id)).toBe(false);
    const renewal = await api.post(
      '/api/departement/notifications',
      about(her, { kind: 'renewal', reason: 'renouvellement', expiryDate: '2031-08-31' }),
      agent69,
    );
    expect(renewal.body.outcome).toBe('applied');
    expect(await publicPage(her.id)).toBe(200);
    await api.post(
      '/api/departement/notifications',
      about(her, { kind: 'modification', reason: 'decision_pmi', capacity: 2 }),
      agent69,
    );
    const row = await stack.db('registrations').where({ id: her.id }).first('agrement');
    expect(row.agrement).toMatchObject({ expiryDate: '2031-08-31', capacity: 2 });
  });
});

describe('scope and queue', () => {
  it('one département cannot reach another’s childminders; the list shows hers only, without NIR', async () => {
    const her = await publishedChildminder(stack.db);
    // The agent of Paris names a Lyon agrément: no holder in her département, so it waits unmatched.
    const elsewhere = await api.post('/api/departement/notifications', suspension(her), agent75);
    expect(elsewhere.body.outcome).toBe('unmatched');
    expect(await publicPage(her.id)).toBe(200);

    const list = await api.get('/api/departement/childminders', agent69);
    expect(list.status).toBe(200);
    const item = list.body.items.find((i: { registrationId: string }) => i.registrationId === her.id);
    expect(item).toMatchObject({
      agrementNumber: her.data.agrement.number,
      published: true,
      agrementState: 'in_force',
    });
    expect(JSON.stringify(list.body)).not.toContain(her.data.identity.nir);
    const paris = await api.get('/api/departement/childminders', agent75);
    expect(paris.body.items.map((i: { registrationId: string }) => i.registrationId)).not.toContain(her.id);

    expect((await api.get('/api/departement/childminders', moderator69)).status).toBe(403);
  });

  it('an unmatched notification waits in the queue of the pivot CAF of its département, only there', async () => {
    const body = {
      kind: 'new_agrement',
      reason: 'premier_agrement',
      reference: reference(),
      agrementNumber: 'AG-69-PAS-ENCORE-INSCRITE',
      birthName: 'NOUVELLE',
      birthDate: '1990-01-02',
      effectiveDate: today(),
    };
    expect((await api.post('/api/departement/notifications', body, agent69)).body.outcome).toBe('unmatched');
    const queue = await api.get('/api/staff/agrement-notifications/unmatched', moderator69);
    expect(queue.body.items.map((i: { reference: string }) => i.reference)).toContain(body.reference);
    const other = await api.get('/api/staff/agrement-notifications/unmatched', moderator75);
    expect(other.body.items.map((i: { reference: string }) => i.reference)).not.toContain(body.reference);
  });
});

describe('the batch file', () => {
  it('reports each line, and applies nothing twice when sent again', async () => {
    const her = await publishedChildminder(stack.db);
    const ref = reference();
    const birth = '14/03/1985';
    const csv = [
      CSV_HEADER,
      `${ref}-a;suspension;${her.data.agrement.number};${her.data.identity.birthName};${birth};${today().split('-').reverse().join('/')};${inDays(10).split('-').reverse().join('/')};enquete;;;`,
      `${ref}-b;suspension;${her.data.agrement.number};${her.data.identity.birthName};${birth};01/01/2027;30/06/2027;enquete;;;`,
      `${ref}-c;retrait;AG-INCONNU;PERSONNE;01/01/1980;01/01/2027;;avis_commission;;;`,
      `${ref}-d;vacances;AG-INCONNU;PERSONNE;01/01/1980;01/01/2027;;autre;;;`,
    ].join('\r\n');
    const first = await api.post('/api/departement/notifications/batch', { csv }, agent69);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.lines.map((l: { outcome: string }) => l.outcome)).toEqual([
      'applied',
      'refused',
      'unmatched',
      'refused',
    ]);
    expect(first.body.lines[1].refusal.code).toBe('suspension_too_long');
    expect(await publicPage(her.id)).toBe(404);

    const second = await api.post('/api/departement/notifications/batch', { csv }, agent69);
    expect(second.body.counts).toEqual({ applied: 0, already_applied: 1, unmatched: 1, refused: 2 });
    expect(
      await stack.db('agrement_notifications').where('reference', 'like', `${ref}-%`).count('* as n').first(),
    ).toEqual({ n: '2' });
  });

  it('refuses a file without the documented header, saying which header', async () => {
    const response = await api.post('/api/departement/notifications/batch', { csv: 'a,b,c\n1,2,3' }, agent69);
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'invalid_batch' });
    expect(response.body.detail).toContain(CSV_HEADER);
  });
});
