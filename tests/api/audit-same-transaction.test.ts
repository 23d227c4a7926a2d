/**
 * A change and its audit line commit together: when the line cannot be written (a constraint added
 * for the test refuses its action), the route fails and the change is not made either, for the
 * writes that matter most: staff invitations and deactivations, an office's target, the routing, a
 * discarded copy, a bulk reassignment's start, a staff note, a parent's contact request, her draft
 * and its sections, her consent to a relay (granted, moved, withdrawn) and a relay's request for it.
 * Once the line can be written, the same call succeeds with its line. Accounts:
 * audit-same-transaction-accounts.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client.ts';
import { postFrom } from '../support/accounts.ts';
import { auditRefusal } from '../support/audit-refusal.ts';
import {
  createUser,
  insertRegistration,
  placeUpload,
  registrationFor,
  samplePdf,
  TEST_PASSWORD,
  uniqueEmail,
} from '../support/fixtures.ts';
import { seedProjectedCases } from '../support/moderation.ts';
import { insertRelay, relayAgent } from '../support/relays.ts';
import { publishedChildminder } from '../support/search.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let api: ReturnType<typeof apiClient>;
let national: string;
let withAuditRefusing: ReturnType<typeof auditRefusal>['withAuditRefusing'];
let linesOf: ReturnType<typeof auditRefusal>['linesOf'];

beforeAll(async () => {
  stack = await setUpFile('audit-same-transaction', { api: true });
  api = apiClient(stack.apiUrl);
  national = await api.login((await createUser(stack.db, { role: 'supervisor' })).email, TEST_PASSWORD);
  ({ withAuditRefusing, linesOf } = auditRefusal(stack.db));
});
afterAll(() => stack?.teardown());

/** A case waiting in the Paris office's queue, as the projection shows it. */
async function caseInModeration() {
  const [seeded] = await seedProjectedCases(stack.db, [
    {
      status: 'in_moderation',
      officeId: 'caf-75',
      departement: '75',
      holderId: null,
      submittedAt: new Date(),
      dueAt: new Date(),
    },
  ]);
  return seeded!;
}

describe('a change whose audit line fails is not made', () => {
  it('deactivating a staff account', async () => {
    const moderator = await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' });
    const session = await api.login(moderator.email, TEST_PASSWORD);
    const path = `/api/staff/accounts/${moderator.id}/deactivate`;
    const failed = await withAuditRefusing('staff.deactivated', () => api.post(path, {}, national));
    expect(failed.status).toBe(500);
    expect(
      (await stack.db('users').where({ id: moderator.id }).first('deactivated_at')).deactivated_at,
    ).toBeNull();
    expect((await api.get('/api/auth/me', session)).status).toBe(200);

    expect((await api.post(path, {}, national)).status).toBe(200);
    expect(await linesOf('staff.deactivated', moderator.id)).toHaveLength(1);
  });

  it('inviting a staff account: no account, no email queued', async () => {
    const email = uniqueEmail('agent');
    const body = { displayName: 'Nadia Martin', email, role: 'moderator', officeIds: ['caf-69'] };
    const failed = await withAuditRefusing('staff.invited', () =>
      api.post('/api/staff/accounts', body, national),
    );
    expect(failed.status).toBe(500);
    expect(await stack.db('users').where({ email_normalized: email }).first('id')).toBeUndefined();
    expect(await stack.db('outbox').where({ recipient: email }).first('id')).toBeUndefined();

    const invited = await api.post('/api/staff/accounts', body, national);
    expect(invited.status).toBe(201);
    expect(await linesOf('staff.invited', invited.body.id)).toHaveLength(1);
    expect(await stack.db('outbox').where({ recipient: email }).first('id')).toBeDefined();
  });

  it('changing an office’s target handling time', async () => {
    const before = (await stack.db('offices').where({ id: 'caf-75' }).first('target_working_days'))
      .target_working_days;
    const failed = await withAuditRefusing('office.target_changed', () =>
      api.put('/api/supervision/offices/caf-75', { targetWorkingDays: before + 1 }, national),
    );
    expect(failed.status).toBe(500);
    expect(
      (await stack.db('offices').where({ id: 'caf-75' }).first('target_working_days')).target_working_days,
    ).toBe(before);
  });

  it('routing a département to another office', async () => {
    const before = await stack.db('routing').where({ departement_code: '01' }).first('office_id');
    const other = await stack.db('offices').whereNot({ id: before.office_id }).first('id');
    const failed = await withAuditRefusing('routing.changed', () =>
      api.put('/api/supervision/routing/01', { officeId: other.id }, national),
    );
    expect(failed.status).toBe(500);
    expect(await stack.db('routing').where({ departement_code: '01' }).first('office_id')).toEqual(before);
    expect(await stack.db('routing_changes').where({ departement_code: '01' })).toEqual([]);
  });

  it('discarding a copy that never joined her case', async () => {
    const owner = await createUser(stack.db);
    const registrationId = await insertRegistration(stack.db, owner.id, registrationFor());
    const token = await api.login(owner.email, TEST_PASSWORD);
    const documentId = await placeUpload(stack.db, stack.storage, registrationId, await samplePdf());
    const path = `/api/registrations/${registrationId}/documents/${documentId}/remove`;
    const failed = await withAuditRefusing('document.discarded', () => api.post(path, {}, token));
    expect(failed.status).toBe(500);
    expect((await stack.db('documents').where({ id: documentId }).first('status')).status).toBe('pending');

    expect((await api.post(path, {}, token)).status).toBe(200);
    expect(await linesOf('document.discarded', documentId)).toHaveLength(1);
  });

  it('starting a bulk reassignment: no record, no workflow', async () => {
    const seeded = await caseInModeration();
    const supervisor = await createUser(stack.db, { role: 'supervisor' });
    const token = await api.login(supervisor.email, TEST_PASSWORD);
    const body = { toOfficeId: 'caf-69', selection: { kind: 'cases', ids: [seeded.registrationId] } };
    const failed = await withAuditRefusing('bulk_reassignment.started', () =>
      api.post('/api/supervision/reassignments', body, token),
    );
    expect(failed.status).toBe(500);
    // The workflow is started only once the record and its line are committed.
    expect(await stack.db('bulk_reassignments').where({ started_by: supervisor.id })).toEqual([]);
  });

  it('a staff note on a case: no note without its line', async () => {
    const seeded = await caseInModeration();
    const id = seeded.registrationId;
    const path = `/api/staff/cases/${id}/notes`;
    const note = { body: 'Rappeler la PMI avant de valider.' };
    const failed = await withAuditRefusing('case.note_added', () => api.post(path, note, national));
    expect(failed.status).toBe(500);
    expect(await stack.db('case_notes').where({ registration_id: id })).toEqual([]);

    expect((await api.post(path, note, national)).status).toBe(201);
    expect(await linesOf('case.note_added', id)).toHaveLength(1);
  });

  it('a parent’s contact request: no request, no workflow', async () => {
    const her = await publishedChildminder(stack.db);
    const parentEmail = uniqueEmail('parent');
    const body = {
      parentName: 'Léa Martin',
      parentEmail,
      parentPhone: '07 11 22 33 44',
      ageGroup: 'under3',
      startDate: '2027-01-04',
      days: ['mon', 'tue'],
      hoursFrom: '08:30',
      hoursTo: '17:30',
      message: 'Bonjour, nous cherchons un accueil pour notre fille de 10 mois.',
    };
    const path = `/api/public/childminders/${her.id}/contact-requests`;
    const failed = await withAuditRefusing('contact_request.created', () =>
      postFrom(stack.apiUrl, '192.0.2.7', path, body),
    );
    expect(failed.status).toBe(500);
    expect(await stack.db('contact_requests').where({ registration_id: her.id })).toEqual([]);

    const sent = await postFrom(stack.apiUrl, '192.0.2.8', path, body);
    expect(sent.status).toBe(201);
    expect(await linesOf('contact_request.created', sent.body.id as string)).toHaveLength(1);
  });
});

describe('her draft and her relay: the change and its line together', () => {
  it('creating her draft, then saving one of its sections', async () => {
    const owner = await createUser(stack.db);
    const token = await api.login(owner.email, TEST_PASSWORD);
    const failed = await withAuditRefusing('registration.created', () =>
      api.post('/api/registrations', {}, token),
    );
    expect(failed.status).toBe(500);
    expect(await stack.db('registrations').where({ user_id: owner.id })).toEqual([]);
    const created = await api.post('/api/registrations', {}, token);
    expect(created.status).toBe(201);
    expect(await linesOf('registration.created', created.body.id)).toHaveLength(1);

    const path = `/api/registrations/${created.body.id}/sections/agrement`;
    const agrement = registrationFor().agrement;
    const saved = await withAuditRefusing('registration.section_saved', () => api.put(path, agrement, token));
    expect(saved.status).toBe(500);
    expect(
      (await stack.db('registrations').where({ id: created.body.id }).first('agrement')).agrement,
    ).toBeNull();
    expect((await api.put(path, agrement, token)).status).toBe(200);
    expect(await linesOf('registration.section_saved', created.body.id)).toHaveLength(1);
  });

  it('granting her consent to another relay, then withdrawing it: nothing changed, no email, until the line is written', async () => {
    const owner = await createUser(stack.db);
    const registrationId = await insertRegistration(stack.db, owner.id, registrationFor());
    const token = await api.login(owner.email, TEST_PASSWORD);
    const [first, second] = [
      await insertRelay(stack.db, { communeCodes: ['69383'] }),
      await insertRelay(stack.db, { communeCodes: ['69383'] }),
    ];
    const relay = `/api/registrations/${registrationId}/relay`;
    expect((await api.post(`${relay}/consent`, { relayId: first.id }, token)).status).toBe(201);
    const agent = await relayAgent(stack.db, second.id);
    await stack
      .db('relay_consent_requests')
      .insert({ registration_id: registrationId, relay_id: second.id, requested_by: agent.id });
    const consents = () =>
      stack
        .db('relay_consents')
        .where({ registration_id: registrationId })
        .orderBy('granted_at')
        .select('relay_id', 'withdrawn_at');
    const mails = (kind: string) =>
      stack.db('outbox').where({ registration_id: registrationId, kind }).pluck('recipient');
    const linesFor = (action: string, relayId: string) =>
      stack
        .db('audit_log')
        .where({ action, target_id: registrationId })
        .whereRaw(`detail ->> 'relayId' = ?`, [relayId])
        .pluck('seq');

    for (const refused of ['relay.consent_granted', 'relay.consent_withdrawn']) {
      const failed = await withAuditRefusing(refused, () =>
        api.post(`${relay}/consent`, { relayId: second.id }, token),
      );
      expect(failed.status).toBe(500);
      expect(await consents()).toEqual([{ relay_id: first.id, withdrawn_at: null }]);
      expect(
        await stack.db('relay_consent_requests').where({ relay_id: second.id }).first('answered_at'),
      ).toEqual({ answered_at: null });
      expect(await mails('relay_consent_withdrawn')).toEqual([]);
      expect(await mails('relay_consent_granted')).toHaveLength(2); // the first grant's, to her and the relay
    }
    expect((await api.post(`${relay}/consent`, { relayId: second.id }, token)).status).toBe(201);
    expect(await linesFor('relay.consent_withdrawn', first.id)).toHaveLength(1);
    expect(await linesFor('relay.consent_granted', second.id)).toHaveLength(1);
    expect(await mails('relay_consent_withdrawn')).toHaveLength(2);

    const failed = await withAuditRefusing('relay.consent_withdrawn', () =>
      api.post(`${relay}/withdraw`, {}, token),
    );
    expect(failed.status).toBe(500);
    expect((await consents())[1]).toEqual({ relay_id: second.id, withdrawn_at: null });
    expect(await mails('relay_consent_withdrawn')).toHaveLength(2);
    expect((await api.post(`${relay}/withdraw`, {}, token)).body).toEqual({ withdrawn: true });
    expect(await linesFor('relay.consent_withdrawn', second.id)).toHaveLength(1);
    expect(await mails('relay_consent_withdrawn')).toHaveLength(4);
  });

  it('a relay asking a published childminder for her consent: no request, no email', async () => {
    const her = await publishedChildminder(stack.db);
    const relay = await insertRelay(stack.db, { communeCodes: ['69383'] });
    const agent = await api.login((await relayAgent(stack.db, relay.id)).email, TEST_PASSWORD);
    const path = `/api/relay/childminders/${her.id}/consent-request`;
    const failed = await withAuditRefusing('relay.consent_requested', () => api.post(path, {}, agent));
    expect(failed.status).toBe(500);
    expect(await stack.db('relay_consent_requests').where({ registration_id: her.id })).toEqual([]);
    expect(
      await stack.db('outbox').where({ registration_id: her.id, kind: 'relay_consent_requested' }),
    ).toEqual([]);

    expect((await api.post(path, {}, agent)).body).toEqual({ requested: true });
    expect(await linesOf('relay.consent_requested', her.id)).toHaveLength(1);
    expect(
      await stack.db('outbox').where({ registration_id: her.id, kind: 'relay_consent_requested' }),
    ).toHaveLength(1);
  });
});
