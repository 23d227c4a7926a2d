/**
 * Her change waiting for the CAF when her case closes, on the real stack: it leaves the queue with
 * the case (`closed_with_case`), audited, named on her timeline by the closure; the moderator's page
 * shows it closed, and a decision on it, even by the moderator who held it, answers 409
 * `change_closed_with_case`. Closed by a withdrawal (her lifecycle's closure) and with her account
 * (the API's closure).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../stack/wait.ts';
import { apiClient } from '../support/api-client.ts';
import { activeChildminder } from '../support/childminder.ts';
import { createUser, registrationFor } from '../support/fixtures.ts';
import { sessionFor } from '../support/moderation.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let api: ReturnType<typeof apiClient>;
let moderator: Awaited<ReturnType<typeof createUser>>;
let staff: string;
let agent: string;

beforeAll(async () => {
  stack = await setUpFile('case-closure-changes', { api: true });
  api = apiClient(stack.apiUrl);
  moderator = await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' });
  staff = await sessionFor(stack.db, moderator);
  agent = await sessionFor(
    stack.db,
    await createUser(stack.db, { role: 'departement_agent', departementCode: '69' }),
  );
});
afterAll(() => stack?.teardown());

/** An active childminder whose change of agrément waits for the CAF, held by the moderator. */
async function withChangeHeld() {
  const { registrationId, owner } = await activeChildminder(stack, moderator.actor);
  const hers = await sessionFor(stack.db, owner);
  const agrement = { ...registrationFor().agrement, capacity: 4 };
  const sent = await api.put(
    `/api/registrations/${registrationId}/profile/sections/agrement`,
    agrement,
    hers,
  );
  expect([sent.status, sent.body.outcome]).toEqual([200, 'pending']);
  await waitFor('la modification dans la file', 15_000, async () => {
    const kase = await stack.db('cases').where({ registration_id: registrationId }).first('status');
    if (kase?.status !== 'change_in_moderation') throw new Error(`encore ${kase?.status}`);
  });
  const claimed = await api.post(`/api/staff/cases/${registrationId}/claim`, {}, staff);
  expect(claimed.status, JSON.stringify(claimed.body)).toBe(200);
  const change = await stack
    .db('profile_changes')
    .where({ registration_id: registrationId, status: 'pending' })
    .first('id');
  return { registrationId, owner, hers, changeId: change.id as string };
}

async function closedChangeShown(registrationId: string, changeId: string, reason: string) {
  const row = await stack.db('profile_changes').where({ id: changeId }).first('status', 'decided_at');
  expect(row.status).toBe('closed_with_case');
  expect(row.decided_at).not.toBeNull();
  const lines = await stack
    .db('audit_log')
    .where({ action: 'profile_change.closed_with_case', target_id: registrationId })
    .select('detail', 'actor_role');
  expect(lines.map((l) => l.detail)).toEqual([{ changeId, section: 'agrement', closureReason: reason }]);

  // Her timeline's closure names the change (once her lifecycle wrote it, for an account's closure).
  await waitFor('la fermeture dans son historique', 20_000, async () => {
    const closed = await stack
      .db('case_events')
      .where({ registration_id: registrationId, type: 'case_closed' })
      .first('data');
    if (!closed) throw new Error('pas encore');
  });
  const kase = await api.get(`/api/staff/cases/${registrationId}`, staff);
  expect(kase.status).toBe(200);
  expect(kase.body.case.status).toBe('closed');
  expect(kase.body.pendingChange).toBeNull();
  expect(kase.body.closedChange).toMatchObject({
    id: changeId,
    section: 'agrement',
    status: 'closed_with_case',
  });
  const closure = kase.body.timeline.find((e: { type: string }) => e.type === 'case_closed');
  expect(closure.data).toMatchObject({ reason, changeId, section: 'agrement' });

  // Not decidable: even by the moderator who held it, nothing changes.
  const decided = await api.post(`/api/staff/cases/${registrationId}/decision`, { kind: 'approve' }, staff);
  expect([decided.status, decided.body.code]).toEqual([409, 'change_closed_with_case']);
  expect(decided.body.detail).toMatch(/n’est plus à décider : elle a été close avec le dossier/);
  const refused = await api.post(
    `/api/staff/cases/${registrationId}/decision`,
    { kind: 'reject', reasonCode: 'other', message: 'Refus après fermeture.' },
    staff,
  );
  expect([refused.status, refused.body.code]).toEqual([409, 'change_closed_with_case']);
  expect(await stack.db('case_messages').where({ registration_id: registrationId }).count('id as n')).toEqual(
    [{ n: '0' }],
  );
  expect((await stack.db('profile_changes').where({ id: changeId }).first('status')).status).toBe(
    'closed_with_case',
  );
  const registration = await stack.db('registrations').where({ id: registrationId }).first('agrement');
  expect(registration.agrement.capacity).toBe(3);
  return lines;
}

describe('a change waiting for the CAF', () => {
  it('leaves the queue with her case when a withdrawal closes it', async () => {
    const { registrationId, changeId } = await withChangeHeld();
    const registration = await stack
      .db('registrations')
      .where({ id: registrationId })
      .first('identity', 'agrement');
    const notified = await api.post(
      '/api/departement/notifications',
      {
        kind: 'withdrawal',
        reason: 'avis_commission',
        reference: `PMI-CHG-${Date.now().toString(36)}`,
        agrementNumber: registration.agrement.number,
        birthName: registration.identity.birthName,
        birthDate: '1985-03-14',
        effectiveDate: new Date().toISOString(),
      },
      agent,
    );
    expect(notified.status, JSON.stringify(notified.body)).toBe(201);
    await waitFor('son dossier fermé', 20_000, async () => {
      const kase = await stack.db('cases').where({ registration_id: registrationId }).first('status');
      if (kase?.status !== 'closed') throw new Error(`encore ${kase?.status}`);
    });
    const lines = await closedChangeShown(registrationId, changeId, 'agrement_withdrawn');
    // Closed by her lifecycle: the system's line.
    expect(lines[0]?.actor_role).toBeNull();
  });

  it('leaves the queue with her case when she closes her account', async () => {
    const { registrationId, changeId, hers } = await withChangeHeld();
    expect((await api.post('/api/account/closure', { confirm: true }, hers)).status).toBe(200);
    const lines = await closedChangeShown(registrationId, changeId, 'account_closed');
    // Closed in her closure's transaction: her own line.
    expect(lines[0]?.actor_role).toBe('childminder');
  });
});
