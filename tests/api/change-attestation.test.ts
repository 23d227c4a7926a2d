/**
 * Her new attestation after activation, on the real stack: the file through the presigned POST and
 * the same check as at registration, with the agrément values she declares, as one change for the
 * pivot CAF. A refused file refuses the change and stores nothing; the moderator reads the copy
 * beside the values (an audited read); approved, a new expiry restarts the reminders and brings an
 * expired agrément back to the register, unless it is suspended; refused, nothing changes but her
 * being told why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/case-rules.ts';
import { DOCUMENT_REFUSALS } from '../../domain/documents.ts';
import type { RegistrationData } from '../../domain/registration.ts';
import { waitFor } from '../../stack/wait.ts';
import { childminderWorkflowId } from '../../workflows/childminder.ts';
import { apiClient, postToS3 } from '../support/api-client.ts';
import { activeChildminder } from '../support/childminder.ts';
import {
  createUser,
  notAPdf,
  registrationFor,
  samplePdf,
  TEST_PASSWORD,
  waitForStatus,
} from '../support/fixtures.ts';
import { sessionFor } from '../support/moderation.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let api: ReturnType<typeof apiClient>;
let moderator: Actor;
let moderatorToken: string;
let agentToken: string;

beforeAll(async () => {
  stack = await setUpFile('change-attestation', { api: true });
  api = apiClient(stack.apiUrl);
  const user = await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' });
  moderator = user.actor;
  moderatorToken = await sessionFor(stack.db, user);
  agentToken = await sessionFor(
    stack.db,
    await createUser(stack.db, { role: 'departement_agent', departementCode: '69' }),
  );
});
afterAll(() => stack?.teardown());

const DAY = 24 * 3600_000;
const isoDay = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
const publicPage = async (id: string) => (await api.get(`/api/public/childminders/${id}`)).status;
const events = (registrationId: string) =>
  stack
    .db('case_events')
    .where({ registration_id: registrationId })
    .orderBy('seq')
    .select<Array<{ type: string; data: Record<string, unknown> }>>('type', 'data');

async function waitForEvent(registrationId: string, type: string) {
  await waitFor(type, 30_000, async () => {
    if (!(await events(registrationId)).some((e) => e.type === type)) throw new Error('pas encore');
  });
}

async function agrementOf(registrationId: string): Promise<RegistrationData['agrement']> {
  return (await stack.db('registrations').where({ id: registrationId }).first('agrement')).agrement;
}

/** Her copy put in quarantine through the presigned POST, as her browser does. */
async function uploaded(token: string, registrationId: string, bytes: Uint8Array) {
  const prepared = await api.post(
    `/api/registrations/${registrationId}/profile/attestation/uploads`,
    { fileName: 'attestation.pdf', contentType: 'application/pdf', size: bytes.length },
    token,
  );
  expect(prepared.status, JSON.stringify(prepared.body)).toBe(201);
  await postToS3(prepared.body.upload, bytes, 'attestation.pdf', 'application/pdf');
  return prepared.body.documentId as string;
}

const send = (token: string, registrationId: string, documentId: string, agrement: unknown) =>
  api.post(`/api/registrations/${registrationId}/profile/attestation`, { documentId, agrement }, token);

async function decide(registrationId: string, decision: Record<string, unknown>) {
  const claimed = await api.post(`/api/staff/cases/${registrationId}/claim`, {}, moderatorToken);
  expect(claimed.status, JSON.stringify(claimed.body)).toBe(200);
  const decided = await api.post(`/api/staff/cases/${registrationId}/decision`, decision, moderatorToken);
  expect(decided.status, JSON.stringify(decided.body)).toBe(200);
  await waitForStatus(stack.db, registrationId, 'active');
}

async function childminderWith(expiryDate: string) {
  const data = registrationFor();
  data.agrement = { ...data.agrement!, expiryDate };
  const active = await activeChildminder(stack, moderator, { data });
  const token = await api.login(active.owner.email, TEST_PASSWORD);
  return { ...active, token, agrement: data.agrement };
}

const factOf = (kase: { facts: Array<{ code: string }> }, code: string) =>
  kase.facts.find((fact) => fact.code === code);

const keep = (registrationId: string) =>
  stack.keepHistory(stack.temporal.workflow.getHandle(childminderWorkflowId(registrationId)));

describe('a new attestation after activation', () => {
  it('refused, it stores no change; accepted, the CAF reads it beside the values; approved, her expired agrément is back with its reminders', async () => {
    const { registrationId, token, agrement } = await childminderWith(isoDay(-1));
    expect(await publicPage(registrationId)).toBe(404);
    await waitForEvent(registrationId, 'agrement_expired');
    const renewed = { ...agrement, expiryDate: isoDay(60) };

    // A file that is no PDF, whatever its name: refused with the check's words, nothing stored.
    const bad = await uploaded(token, registrationId, notAPdf());
    const refused = await send(token, registrationId, bad, renewed);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: 'attestation_refused',
      detail: DOCUMENT_REFUSALS.wrong_type,
      errors: [{ path: 'document', message: DOCUMENT_REFUSALS.wrong_type }],
    });
    expect(await stack.db('profile_changes').where({ registration_id: registrationId })).toEqual([]);
    const profile = await api.get(`/api/registrations/${registrationId}/profile`, token);
    expect(profile.body).toMatchObject({ case: { status: 'active' }, pendingChange: null });
    // The same values as today are no new attestation: said before the file is checked.
    const good = await uploaded(token, registrationId, await samplePdf());
    const unchanged = await send(token, registrationId, good, agrement);
    expect(unchanged.status).toBe(422);
    expect(unchanged.body.code).toBe('attestation_unchanged');

    const sent = await send(token, registrationId, good, renewed);
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body).toMatchObject({ section: 'agrement', outcome: 'pending' });
    await waitForStatus(stack.db, registrationId, 'change_in_moderation');
    // Used once: the same file cannot carry a second change.
    expect((await send(token, registrationId, good, renewed)).body.code).toBe('change_pending');

    const kase = await api.get(`/api/staff/cases/${registrationId}`, moderatorToken);
    expect(kase.body.pendingChange).toMatchObject({ section: 'agrement', documentId: good });
    expect(kase.body.pendingChange.value.expiryDate).toBe(renewed.expiryDate);
    expect(kase.body.sections.agrement.expiryDate).toBe(agrement.expiryDate);
    // The checks judge the renewal she proposes, not her expired agrément: nothing to approve past.
    expect(factOf(kase.body, 'agrement_validity')).toMatchObject({
      level: 'ok',
      label: 'Agrément en cours de validité',
      detail: expect.stringContaining('selon la modification proposée'),
    });
    expect(kase.body.documents.map((d: { id: string }) => d.id)).toContain(good);
    const read = await fetch(`${stack.apiUrl}/api/staff/cases/${registrationId}/documents/${good}/content`, {
      headers: { authorization: `Bearer ${moderatorToken}` },
    });
    expect(read.status).toBe(200);
    expect(new TextDecoder().decode((await read.arrayBuffer()).slice(0, 5))).toBe('%PDF-');
    const audited = (action: string, targetId: string) =>
      stack.db('audit_log').where({ action, target_id: targetId }).first();
    expect(await audited('document.viewed', good)).toBeTruthy();
    expect((await audited('document.refused', bad))?.detail).toMatchObject({ reason: 'wrong_type' });
    expect((await audited('profile.change_proposed', registrationId))?.detail).toMatchObject({
      section: 'agrement',
      documentId: good,
    });

    await decide(registrationId, { kind: 'approve' });
    expect((await agrementOf(registrationId)).expiryDate).toBe(renewed.expiryDate);
    expect(await publicPage(registrationId)).toBe(200);
    // The reminders follow the new date: two months ahead, the 3-month one at once.
    await waitFor('le rappel de la nouvelle échéance', 30_000, async () => {
      const reminders = (await events(registrationId)).filter((e) => e.type === 'agrement_expiry_reminder');
      expect(reminders.map((e) => e.data)).toEqual([{ expiryDate: renewed.expiryDate, step: 1 }]);
    });
    const types = (await events(registrationId)).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'document_refused',
        'document_accepted',
        'change_submitted',
        'change_approved',
      ]),
    );
    await keep(registrationId);
  });

  it('rejected, her verified agrément stays and she is told why', async () => {
    const { registrationId, token, agrement } = await childminderWith(isoDay(400));
    const documentId = await uploaded(token, registrationId, await samplePdf());
    const sent = await send(token, registrationId, documentId, { ...agrement, capacity: 4 });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    await waitForStatus(stack.db, registrationId, 'change_in_moderation');
    await decide(registrationId, {
      kind: 'reject',
      reasonCode: 'other',
      message: 'L’attestation jointe ne porte pas de capacité de 4 enfants.',
    });
    expect(await agrementOf(registrationId)).toEqual(agrement);
    const profile = await api.get(`/api/registrations/${registrationId}/profile`, token);
    expect(profile.body.pendingChange).toBeNull();
    expect(profile.body.lastDecision).toMatchObject({
      section: 'agrement',
      status: 'refused',
      documentId,
      message: { body: 'L’attestation jointe ne porte pas de capacité de 4 enfants.' },
    });
    expect((await events(registrationId)).map((e) => e.type)).toContain('change_refused');
    await keep(registrationId);
  });

  it('a proposed expiry already past is still a problem; the checks read its capacity too', async () => {
    const { registrationId, token, agrement } = await childminderWith(isoDay(-1));
    const documentId = await uploaded(token, registrationId, await samplePdf());
    const proposed = { ...agrement, expiryDate: isoDay(-2), capacity: 5, capacityException: true };
    const sent = await send(token, registrationId, documentId, proposed);
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    await waitForStatus(stack.db, registrationId, 'change_in_moderation');
    const kase = (await api.get(`/api/staff/cases/${registrationId}`, moderatorToken)).body;
    expect(factOf(kase, 'agrement_validity')).toMatchObject({
      level: 'problem',
      label: 'Agrément expiré',
      detail: expect.stringContaining('selon la modification proposée'),
    });
    expect(factOf(kase, 'capacity')).toMatchObject({
      level: 'warning',
      detail: expect.stringMatching(
        /^5 enfants, avec une dérogation déclarée, selon la modification proposée/,
      ),
    });
  });

  it('approved while her agrément is suspended, the new date does not bring her back', async () => {
    const { registrationId, token, agrement } = await childminderWith(isoDay(-1));
    const registration = await stack
      .db('registrations')
      .where({ id: registrationId })
      .first('identity', 'agrement');
    const suspended = await api.post(
      '/api/departement/notifications',
      {
        reference: `PMI-ATT-${Date.now().toString(36)}`,
        kind: 'suspension',
        reason: 'enquete',
        agrementNumber: registration.agrement.number,
        birthName: registration.identity.birthName,
        birthDate: '1985-03-14',
        effectiveDate: new Date().toISOString(),
        endDate: new Date(Date.now() + 60 * DAY).toISOString(),
      },
      agentToken,
    );
    expect(suspended.status, JSON.stringify(suspended.body)).toBe(201);
    const documentId = await uploaded(token, registrationId, await samplePdf());
    const sent = await send(token, registrationId, documentId, { ...agrement, expiryDate: isoDay(900) });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    await waitForStatus(stack.db, registrationId, 'change_in_moderation');
    await decide(registrationId, { kind: 'approve' });
    expect((await agrementOf(registrationId)).expiryDate).toBe(isoDay(900));
    expect(await publicPage(registrationId)).toBe(404);
    await keep(registrationId);
  });
});

describe('replay', () => {
  it('replays every history kept here with today’s code', async () => {
    const { count, failures } = await stack.replayKeptHistories();
    expect(failures).toEqual([]);
    expect(count).toBeGreaterThan(0);
  });
});
