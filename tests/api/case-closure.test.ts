/**
 * A case closed for good, on the real stack: a withdrawal notified by the département closes her
 * case (its own status, with the reason) when it takes effect, at once or at its later instant; her
 * page, the CAF's case page, its queue and counts say so; her edits are refused, her export still
 * works. An account closed at her request closes her case the same way. And an agrément expired
 * without renewal is a filter of the pivot CAF's queue and of her département's list, with counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../stack/wait.ts';
import { childminderWorkflowId } from '../../workflows/childminder.ts';
import { apiClient } from '../support/api-client.ts';
import { activeChildminder } from '../support/childminder.ts';
import { createUser } from '../support/fixtures.ts';
import { sessionFor } from '../support/moderation.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let api: ReturnType<typeof apiClient>;
let moderator: Awaited<ReturnType<typeof createUser>>;
let staff: string;
let agent: string;

beforeAll(async () => {
  stack = await setUpFile('case-closure', { api: true });
  api = apiClient(stack.apiUrl);
  moderator = await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' });
  staff = await sessionFor(stack.db, moderator);
  agent = await sessionFor(
    stack.db,
    await createUser(stack.db, { role: 'departement_agent', departementCode: '69' }),
  );
});
afterAll(() => stack?.teardown());

let counter = 0;
async function notify(registrationId: string, body: Record<string, unknown>) {
  const registration = await stack
    .db('registrations')
    .where({ id: registrationId })
    .first('identity', 'agrement');
  const response = await api.post(
    '/api/departement/notifications',
    {
      reference: `PMI-CLO-${Date.now().toString(36)}-${++counter}`,
      agrementNumber: registration.agrement.number,
      birthName: registration.identity.birthName,
      birthDate: '1985-03-14',
      effectiveDate: new Date().toISOString(),
      ...body,
    },
    agent,
  );
  expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
}

const caseRow = (registrationId: string) =>
  stack.db('cases').where({ registration_id: registrationId }).first('status', 'closure_reason');

async function closedWith(registrationId: string, reason: string) {
  await waitFor('son dossier fermé', 20_000, async () => {
    const row = await caseRow(registrationId);
    if (row?.status !== 'closed') throw new Error(`encore ${row?.status}`);
  });
  expect((await caseRow(registrationId)).closure_reason).toBe(reason);
}

const queue = async (query: string) => {
  const response = await api.get(`/api/staff/cases?${query}`, staff);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
};
const ids = (body: { items: Array<{ id: string }> }) => body.items.map((item) => item.id);

describe('a withdrawal', () => {
  it('closes her case with its reason: her page, the CAF’s case page, queue and counts say so', async () => {
    const { registrationId, owner } = await activeChildminder(stack, moderator.actor);
    const hers = await sessionFor(stack.db, owner);
    expect((await caseRow(registrationId)).status).toBe('active');
    const before = await queue('statuses=closed');

    await notify(registrationId, { kind: 'withdrawal', reason: 'avis_commission' });
    await closedWith(registrationId, 'agrement_withdrawn');

    const dossier = await api.get(`/api/registrations/${registrationId}`, hers);
    expect(dossier.body.case).toMatchObject({
      status: 'closed',
      closureReason: 'agrement_withdrawn',
      label: 'Dossier fermé',
      actor: 'none',
    });
    expect(dossier.body.case.expected).toMatch(
      /^Votre agrément a été retiré par le département\. Votre dossier est fermé/,
    );
    expect(dossier.body.timeline.map((e: { type: string }) => e.type)).toContain('case_closed');
    const profile = await api.get(`/api/registrations/${registrationId}/profile`, hers);
    expect(profile.body).toMatchObject({ active: false, case: { status: 'closed' } });

    const kase = await api.get(`/api/staff/cases/${registrationId}`, staff);
    expect(kase.body.case).toMatchObject({ status: 'closed', closureReason: 'agrement_withdrawn' });
    expect(kase.body.case.expected).toMatch(/^Agrément retiré par le département\. Le dossier est fermé/);

    const closed = await queue('statuses=closed');
    expect(ids(closed)).toContain(registrationId);
    expect(closed.items.find((i: { id: string }) => i.id === registrationId).closureReason).toBe(
      'agrement_withdrawn',
    );
    expect(closed.byStatus.closed).toBe(before.byStatus.closed + 1);
    expect(ids(await queue('statuses=active'))).not.toContain(registrationId);
    const listed = await api.get('/api/departement/childminders', agent);
    expect(
      listed.body.items.find((i: { registrationId: string }) => i.registrationId === registrationId),
    ).toMatchObject({
      caseStatus: 'closed',
      published: false,
    });

    // Read-only: her edits are refused with the stable code; her data export still answers.
    const full = await api.post(`/api/registrations/${registrationId}/profile/availability/full`, {}, hers);
    expect([full.status, full.body.code]).toEqual([409, 'agrement_withdrawn']);
    const data = await api.get('/api/account/data', hers);
    expect(data.status).toBe(200);
    expect(JSON.stringify(data.body)).toContain('"closed"');
  });

  it('dated a few seconds later, closes her case only at that instant', async () => {
    const { registrationId } = await activeChildminder(stack, moderator.actor);
    const from = Date.now() + 4_000;
    await notify(registrationId, {
      kind: 'withdrawal',
      reason: 'avis_commission',
      effectiveDate: new Date(from).toISOString(),
    });
    await waitFor('le retrait dans son historique', 15_000, async () => {
      const types = await stack.db('case_events').where({ registration_id: registrationId }).pluck('type');
      if (!types.includes('agrement_withdrawal')) throw new Error('pas encore');
    });
    if (Date.now() < from) expect((await caseRow(registrationId)).status).toBe('active');
    await closedWith(registrationId, 'agrement_withdrawn');
    const closedAt = await stack
      .db('case_events')
      .where({ registration_id: registrationId, type: 'case_closed' })
      .first('at');
    expect(closedAt.at.getTime()).toBeGreaterThanOrEqual(from);
    // Her lifecycle with the closure's timer, kept for the replay below (and recorded with RECORD_HISTORIES).
    await stack.keepHistory(stack.temporal.workflow.getHandle(childminderWorkflowId(registrationId)));
  });
});

describe('an account closed at her request', () => {
  it('closes her case too, with its own reason, and nothing reopens it', async () => {
    const { registrationId, owner } = await activeChildminder(stack, moderator.actor);
    const hers = await sessionFor(stack.db, owner);
    expect((await api.post('/api/account/closure', { confirm: true }, hers)).status).toBe(200);
    expect(await caseRow(registrationId)).toEqual({ status: 'closed', closure_reason: 'account_closed' });
    // Her lifecycle, which did not hear of it, records its next event: the case stays closed.
    await notify(registrationId, { kind: 'withdrawal', reason: 'avis_commission' });
    await waitFor('le retrait dans son historique', 15_000, async () => {
      const types = await stack.db('case_events').where({ registration_id: registrationId }).pluck('type');
      if (!types.includes('agrement_withdrawal')) throw new Error('pas encore');
    });
    expect(await caseRow(registrationId)).toEqual({ status: 'closed', closure_reason: 'account_closed' });
    const kase = await api.get(`/api/staff/cases/${registrationId}`, staff);
    expect(kase.body.case.expected).toMatch(/^Compte fermé à la demande de la personne\./);
  });
});

describe('an agrément expired without renewal', () => {
  const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const expire = (registrationId: string) =>
    stack
      .db('registrations')
      .where({ id: registrationId })
      .update({
        agrement: stack.db.raw(`agrement || jsonb_build_object('expiryDate', ?::text)`, [yesterday()]),
      });

  it('is a filter of the pivot CAF’s queue and of her département’s list, with counts', async () => {
    const expired = await activeChildminder(stack, moderator.actor);
    const inForce = await activeChildminder(stack, moderator.actor);
    const before = await queue('');
    await expire(expired.registrationId);

    const filtered = await queue('agrement=expired');
    expect(ids(filtered)).toContain(expired.registrationId);
    expect(ids(filtered)).not.toContain(inForce.registrationId);
    expect(filtered.items.every((i: { agrementExpired: boolean }) => i.agrementExpired)).toBe(true);
    expect(filtered.total).toBe(filtered.items.length);
    // The count shown beside the default queue is what the filter shows.
    expect((await queue('')).expired).toBe(before.expired + 1);
    expect((await queue('')).expired).toBe(filtered.total);
    // Its statuses are the validated registrations by default, or those asked for.
    expect((await queue('agrement=expired&statuses=in_moderation')).items).toEqual([]);
    const active = await queue('statuses=active');
    expect(active.items.find((i: { id: string }) => i.id === expired.registrationId).agrementExpired).toBe(
      true,
    );
    expect(active.items.find((i: { id: string }) => i.id === inForce.registrationId).agrementExpired).toBe(
      false,
    );

    const list = await api.get('/api/departement/childminders?agrement=expired', agent);
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { registrationId: string }) => i.registrationId)).toEqual([
      expired.registrationId,
    ]);
    expect(list.body.items[0]).toMatchObject({ agrementState: 'expired', published: false });
    const all = await api.get('/api/departement/childminders', agent);
    expect(all.body.counts).toEqual({ total: all.body.items.length, expired: 1 });
    expect(all.body.items.map((i: { registrationId: string }) => i.registrationId)).toContain(
      inForce.registrationId,
    );

    const bad = await api.get('/api/departement/childminders?agrement=soon', agent);
    expect([bad.status, bad.body.code]).toEqual([422, 'invalid_input']);
    const badQueue = await api.get('/api/staff/cases?agrement=soon', staff);
    expect(badQueue.status).toBe(422);
    expect(badQueue.body.errors[0]).toMatchObject({
      path: 'agrement',
      message: 'Situation de l’agrément inconnue.',
    });

    // A renewal brings her back out of both lists.
    await notify(expired.registrationId, {
      kind: 'renewal',
      reason: 'renouvellement',
      expiryDate: new Date(Date.now() + 5 * 365 * 86_400_000).toISOString().slice(0, 10),
    });
    expect(ids(await queue('agrement=expired'))).not.toContain(expired.registrationId);
    expect((await api.get('/api/departement/childminders', agent)).body.counts.expired).toBe(0);
  });
});

describe('replay', () => {
  it('replays the lifecycle kept here with today’s code', async () => {
    const { count, failures } = await stack.replayKeptHistories();
    expect(failures).toEqual([]);
    expect(count).toBe(1);
  });
});
