/**
 * A notification that matched nobody waits in the pivot CAF's list, then applies by itself when she
 * registers with that agrément and is approved: before she is published (a suspension keeps her out
 * of the register from the start), in order of effective date, once (sent again: already applied; the
 * activity retried: nothing applied twice), audited, on her timeline; one about someone else (her
 * birth name differs) stays in the list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agrementAdoptionActivities } from '../../activities/agrement-adoption.ts';
import { NAMED_PEOPLE } from '../../stack/sngi-people.ts';
import { waitFor } from '../../stack/wait.ts';
import { childminderWorkflowId } from '../../workflows/childminder.ts';
import { registrationWorkflowId } from '../../workflows/registration.ts';
import { apiClient } from '../support/api-client.ts';
import { activeChildminder, publishedProfile } from '../support/childminder.ts';
import { createUser, registrationFor } from '../support/fixtures.ts';
import { sessionFor } from '../support/moderation.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let api: ReturnType<typeof apiClient>;
let moderator: Awaited<ReturnType<typeof createUser>>;
let moderatorSession: string;
let agent: string;

beforeAll(async () => {
  stack = await setUpFile('departement-unmatched-later', { api: true });
  api = apiClient(stack.apiUrl);
  moderator = await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' });
  moderatorSession = await sessionFor(stack.db, moderator);
  agent = await sessionFor(
    stack.db,
    await createUser(stack.db, { role: 'departement_agent', departementCode: '69' }),
  );
});
afterAll(() => stack?.teardown());

let counter = 0;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const camille = NAMED_PEOPLE.camille;

/** A notification about the agrément `number`, her identity as the PMI knows it. */
function about(number: string, over: Record<string, unknown>) {
  return {
    reference: `PMI-LATER-${Date.now().toString(36)}-${++counter}`,
    agrementNumber: number,
    birthName: camille.birthName,
    birthDate: camille.birthDate,
    effectiveDate: day(0),
    ...over,
  };
}

async function send(body: Record<string, unknown>) {
  return api.post('/api/departement/notifications', body, agent);
}

async function waitingReferences(): Promise<string[]> {
  const queue = await api.get('/api/staff/agrement-notifications/unmatched', moderatorSession);
  expect(queue.status).toBe(200);
  return queue.body.items.map((i: { reference: string }) => i.reference);
}

/** She registers with that agrément number, and the pivot CAF approves her. */
async function registersWith(number: string) {
  const data = registrationFor(camille);
  data.agrement.number = number;
  return activeChildminder(stack, moderator.actor, { data });
}

const timeline = async (registrationId: string) =>
  (await stack.db('case_events').where({ registration_id: registrationId }).orderBy('seq')).map(
    (e: { type: string; data: { notificationId?: string } }) => ({ type: e.type, id: e.data.notificationId }),
  );

async function toldOnHerTimeline(registrationId: string, type: string) {
  await waitFor(`« ${type} » sur sa chronologie`, 15_000, async () => {
    if (!(await timeline(registrationId)).some((e) => e.type === type)) throw new Error('pas encore');
  });
}

const notification = (reference: string) =>
  stack
    .db('agrement_notifications')
    .where({ reference })
    .first('id', 'outcome', 'refusal', 'registration_id');

describe('a notification that waited for her', () => {
  it('applies when she is approved: unpublished from the start, her agrément changed, once', async () => {
    const number = `AG-69-LATER-${Date.now().toString(36)}`;
    const suspension = about(number, { kind: 'suspension', reason: 'enquete', endDate: day(30) });
    const modification = about(number, {
      kind: 'modification',
      reason: 'decision_pmi',
      capacity: 1,
      effectiveDate: day(-1),
    });
    // Same number, another birth name: someone else's (a typo), for a person to resolve.
    const someoneElse = about(number, {
      kind: 'renewal',
      reason: 'renouvellement',
      expiryDate: '2033-08-31',
      birthName: 'AUTRE',
    });
    for (const body of [suspension, modification, someoneElse]) {
      const sent = await send(body);
      expect(sent.status, JSON.stringify(sent.body)).toBe(201);
      expect(sent.body.outcome).toBe('unmatched');
    }
    expect(await waitingReferences()).toEqual(
      expect.arrayContaining([suspension.reference, modification.reference, someoneElse.reference]),
    );

    const { registrationId, owner } = await registersWith(number);
    const handles = [registrationWorkflowId, childminderWorkflowId].map((id) =>
      stack.temporal.workflow.getHandle(id(registrationId)),
    );

    // Never published to parents: the suspension held before her profile was written.
    expect((await api.get(`/api/public/childminders/${registrationId}`)).status).toBe(404);
    const dossier = await api.get(`/api/staff/cases/${registrationId}`, moderatorSession);
    expect(dossier.body.agrementStanding.state).toBe('suspended');
    const { agrement } = await stack.db('registrations').where({ id: registrationId }).first('agrement');
    expect([agrement.capacity, agrement.expiryDate]).toEqual([1, '2028-08-31']);
    expect((await publishedProfile(stack, registrationId)).capacity).toBe(1);
    // She declared 2 places (1 under 3, 1 from 3 to 6): above the new capacity, flagged to her.
    const hers = await api.get(`/api/registrations/${registrationId}`, await sessionFor(stack.db, owner));
    expect(hers.body.agrementStanding.placesAboveCapacity).toMatchObject({ declared: 2, capacity: 1 });
    expect(hers.body.agrementStanding.placesAboveCapacity.message).toMatch(
      /^Vous déclarez 2 places disponibles, mais votre agrément n’autorise plus que 1 enfant en même temps/,
    );

    const applied = [await notification(modification.reference), await notification(suspension.reference)];
    for (const row of applied)
      expect(row).toMatchObject({ outcome: 'applied', registration_id: registrationId });
    expect(await notification(someoneElse.reference)).toMatchObject({
      outcome: 'unmatched',
      registration_id: null,
    });
    const waiting = await waitingReferences();
    expect(waiting).toContain(someoneElse.reference);
    expect(waiting).not.toContain(suspension.reference);
    expect(waiting).not.toContain(modification.reference);

    const auditLines = () =>
      stack
        .db('audit_log')
        .where({ target_type: 'registration', target_id: registrationId })
        .whereIn('action', ['agrement.suspension', 'agrement.modification'])
        .orderBy('seq')
        .select('action', 'actor_id', 'detail');
    const lines = await auditLines();
    expect(lines.map((l) => [l.action, l.detail.notificationId, l.detail.atActivation])).toEqual([
      ['agrement.modification', applied[0]!.id, true],
      ['agrement.suspension', applied[1]!.id, true],
    ]);

    // Told to her by her lifecycle, in order of effective date, with the email of the suspension.
    await toldOnHerTimeline(registrationId, 'agrement_suspension');
    const told = (await timeline(registrationId)).filter((e) => e.type.startsWith('agrement_'));
    expect(told).toEqual([
      { type: 'agrement_modification', id: applied[0]!.id },
      { type: 'agrement_suspension', id: applied[1]!.id },
    ]);
    const mails = await stack
      .db('outbox')
      .where({ dedupe_key: `case:${registrationId}:agrement:${applied[1]!.id}` })
      .count<{ count: string }[]>('* as count');
    expect(Number(mails[0]!.count)).toBe(1);

    // Sent again by the département, and the activity retried: nothing applied twice.
    const again = await send(suspension);
    expect([again.status, again.body.outcome]).toEqual([200, 'already_applied']);
    const retried = await agrementAdoptionActivities(stack.db).adoptWaitingNotifications(registrationId);
    expect(retried.notices.map((n) => n.notificationId)).toEqual(applied.map((row) => row!.id));
    expect(retried.standing.suspendedUntil).not.toBeNull();
    expect(await auditLines()).toHaveLength(2);

    // A lifting told after the resend: once it is on her timeline, the resend was heard, and told nothing.
    const lifting = await send(
      about(number, { kind: 'lifting', reason: 'fin_anticipee', effectiveDate: new Date().toISOString() }),
    );
    expect(lifting.body.outcome).toBe('applied');
    await toldOnHerTimeline(registrationId, 'agrement_lifting');
    expect((await timeline(registrationId)).filter((e) => e.type === 'agrement_suspension')).toHaveLength(1);
    expect((await api.get(`/api/public/childminders/${registrationId}`)).status).toBe(200);

    for (const handle of handles) await stack.keepHistory(handle);
    const { failures } = await stack.replayKeptHistories();
    expect(failures).toEqual([]);
  });

  it('applies in order of effective date: a withdrawal dated first refuses the suspension sent before it', async () => {
    const number = `AG-69-ORDER-${Date.now().toString(36)}`;
    const suspension = about(number, { kind: 'suspension', reason: 'enquete', endDate: day(20) });
    const withdrawal = about(number, {
      kind: 'withdrawal',
      reason: 'avis_commission',
      effectiveDate: day(-2),
    });
    for (const body of [suspension, withdrawal]) expect((await send(body)).body.outcome).toBe('unmatched');

    const { registrationId } = await registersWith(number);
    expect((await api.get(`/api/public/childminders/${registrationId}`)).status).toBe(404);
    expect(await notification(withdrawal.reference)).toMatchObject({ outcome: 'applied' });
    expect(await notification(suspension.reference)).toMatchObject({
      outcome: 'refused',
      refusal: 'already_withdrawn',
      registration_id: registrationId,
    });
    // Sent again, the refused one says why, with its code.
    const again = await send(suspension);
    expect([again.status, again.body.code]).toEqual([422, 'already_withdrawn']);
    await toldOnHerTimeline(registrationId, 'agrement_withdrawal');
    const refusedLine = await stack
      .db('audit_log')
      .where({ target_id: registrationId, action: 'agrement.notification_refused' })
      .first('detail');
    expect(refusedLine.detail).toMatchObject({ refusal: 'already_withdrawn' });
  });
});
