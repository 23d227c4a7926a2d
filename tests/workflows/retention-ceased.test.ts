/**
 * A withdrawn or closed childminder's record on the real stack, kept for the policy's legal period
 * (three seconds here) and then purged: her lifecycle starts the purge when it tells her of the
 * withdrawal, her account's closure starts it from the API. Her identity, contact, agrément, copies
 * (S3 objects) and published copy go; the case, its timeline and the audit log stay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/case-rules.ts';
import { DEFAULT_RETENTION_POLICY } from '../../domain/retention.ts';
import { waitFor } from '../../stack/wait.ts';
import { childminderWorkflowId } from '../../workflows/childminder.ts';
import { retentionPurgeWorkflowId } from '../../workflows/retention-purge.ts';
import { apiClient } from '../support/api-client.ts';
import { activeChildminder, policyWith } from '../support/childminder.ts';
import { createUser, isStored } from '../support/fixtures.ts';
import { sessionFor } from '../support/moderation.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

const KEPT_MS = 3000;
const POLICY = {
  ...policyWith([]),
  retention: { ...DEFAULT_RETENTION_POLICY, ceasedKeptMs: KEPT_MS },
};
let stack: FileStack;
let api: ReturnType<typeof apiClient>;
let moderator: Actor;
let agent: string;

beforeAll(async () => {
  stack = await setUpFile('retention-ceased', { api: true, policy: POLICY });
  api = apiClient(stack.apiUrl);
  moderator = (await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' })).actor;
  agent = await sessionFor(
    stack.db,
    await createUser(stack.db, { role: 'departement_agent', departementCode: '69' }),
  );
});
afterAll(() => stack?.teardown());

async function withdraw(registrationId: string) {
  const registration = await stack
    .db('registrations')
    .where({ id: registrationId })
    .first('identity', 'agrement');
  const response = await api.post(
    '/api/departement/notifications',
    {
      reference: `PMI-PURGE-${Date.now().toString(36)}`,
      kind: 'withdrawal',
      reason: 'avis_commission',
      agrementNumber: registration.agrement.number,
      birthName: registration.identity.birthName,
      birthDate: '1985-03-14',
      effectiveDate: new Date().toISOString(),
    },
    agent,
  );
  expect(response.status, JSON.stringify(response.body)).toBe(201);
}

const stored = (key: string) => isStored(stack.storage, key);

/** Waits for her purge to be started, then for it to end. */
async function purgeOf(registrationId: string) {
  const purge = stack.temporal.workflow.getHandle(retentionPurgeWorkflowId('ceased_record', registrationId));
  await waitFor('le lancement de la purge', 30_000, () => purge.describe());
  await purge.result();
  const timers = (await purge.fetchHistory()).events!.filter((e) => e.timerStartedEventAttributes);
  expect(timers).toHaveLength(1);
  const seconds = Number(timers[0]!.timerStartedEventAttributes!.startToFireTimeout!.seconds ?? 0);
  expect(seconds).toBeLessThanOrEqual(KEPT_MS / 1000);
  return purge;
}

/** What the purge must have removed, and what it must have kept. */
async function expectPurged(registrationId: string, objectKeys: string[], targetId: string, action: string) {
  expect(await Promise.all(objectKeys.map(stored))).toEqual(objectKeys.map(() => false));
  const row = await stack
    .db('registrations')
    .where({ id: registrationId })
    .first('identity', 'nir_index', 'agrement', 'contact', 'availability');
  expect(row).toEqual({ identity: null, nir_index: null, agrement: null, contact: null, availability: null });
  const where = { registration_id: registrationId };
  expect(await stack.db('public_profiles').where(where).first()).toBeUndefined();
  expect(await stack.db('search_profiles').where(where).first()).toBeUndefined();
  expect(await stack.db('documents').where(where).distinct().pluck('file_name')).toEqual(['supprimé']);
  // The fact of the decision stays: the case and its timeline, and the audit log.
  expect(await stack.db('cases').where(where).first('status')).toBeDefined();
  expect(await stack.db('case_events').where(where).pluck('type')).toContain('approved');
  expect(await stack.db('audit_log').where({ target_id: targetId }).pluck('action')).toContain(action);
  const actions = await stack.db('audit_log').where({ target_id: registrationId }).pluck('action');
  expect(actions.filter((a) => a === 'retention.ceased_record_purged')).toHaveLength(1);
  const lifecycle = await stack.temporal.workflow.getHandle(childminderWorkflowId(registrationId)).describe();
  expect(lifecycle.status.name).toBe('TERMINATED');
}

const objectKeysOf = (registrationId: string) =>
  stack.db('documents').where({ registration_id: registrationId }).pluck('object_key');

describe('a ceased childminder’s record', () => {
  it('withdrawn: is purged by her lifecycle’s timer after the legal period, S3 objects gone', async () => {
    const { registrationId } = await activeChildminder(stack, moderator, { policy: POLICY });
    const keys = await objectKeysOf(registrationId);
    expect(await Promise.all(keys.map(stored))).toEqual([true]);
    const lifecycle = stack.temporal.workflow.getHandle(childminderWorkflowId(registrationId));

    await withdraw(registrationId);
    const purge = await purgeOf(registrationId);
    await expectPurged(registrationId, keys, registrationId, 'agrement.withdrawal');
    await stack.keepHistory(lifecycle);
    await stack.keepHistory(purge);
  });

  it('her account closed: is purged after the legal period, started by the closure', async () => {
    const { registrationId, owner } = await activeChildminder(stack, moderator, { policy: POLICY });
    const keys = await objectKeysOf(registrationId);
    const closed = await api.post(
      '/api/account/closure',
      { confirm: true },
      await sessionFor(stack.db, owner),
    );
    expect(closed.status).toBe(200);
    expect(closed.body.keeps).toBe('case_for_legal_period');
    await purgeOf(registrationId);
    await expectPurged(registrationId, keys, owner.id, 'account.closed');
  });

  it('replays its histories deterministically', async () => {
    const { count, failures } = await stack.replayKeptHistories();
    expect(count).toBe(2);
    expect(failures).toEqual([]);
  });
});
