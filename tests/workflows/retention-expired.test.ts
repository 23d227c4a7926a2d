/**
 * An agrément that expired and was never renewed, on the real stack: when her lifecycle tells her
 * of the expiry it starts the purge of her record, whose durable timer ends the policy's legal
 * period after the expiry (here a few seconds from now). Not renewed: her record and its S3 objects
 * go, the case, its timeline and the audit log stay. Renewed before the purge: nothing goes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expiresAt } from '../../domain/agrement-expiry.ts';
import type { Actor } from '../../domain/case-rules.ts';
import { DEFAULT_RETENTION_POLICY } from '../../domain/retention.ts';
import { waitFor } from '../../stack/wait.ts';
import { childminderWorkflowId } from '../../workflows/childminder.ts';
import { retentionPurgeWorkflowId } from '../../workflows/retention-purge.ts';
import { apiClient } from '../support/api-client.ts';
import { activeChildminder, policyWith } from '../support/childminder.ts';
import { createUser, isStored, registrationFor } from '../support/fixtures.ts';
import { sessionFor } from '../support/moderation.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let api: ReturnType<typeof apiClient>;
let moderator: Actor;
let agent: string;

beforeAll(async () => {
  stack = await setUpFile('retention-expired', { api: true });
  api = apiClient(stack.apiUrl);
  moderator = (await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' })).actor;
  agent = await sessionFor(
    stack.db,
    await createUser(stack.db, { role: 'departement_agent', departementCode: '69' }),
  );
});
afterAll(() => stack?.teardown());

/** Her agrément ended yesterday (its last valid day), so that it has expired already. */
const YESTERDAY = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

/** A policy whose legal period after that expiry ends `fromNowMs` from now. */
function policyEndingIn(fromNowMs: number) {
  const ceasedKeptMs = Date.now() + fromNowMs - expiresAt(YESTERDAY).getTime();
  return { ...policyWith([]), retention: { ...DEFAULT_RETENTION_POLICY, ceasedKeptMs } };
}

/** An approved childminder whose agrément has expired: her lifecycle tells her so and sets the purge. */
async function expiredChildminder(fromNowMs: number) {
  const data = registrationFor();
  data.agrement = { ...data.agrement!, expiryDate: YESTERDAY };
  const policy = policyEndingIn(fromNowMs);
  const { registrationId } = await activeChildminder(stack, moderator, { policy, data });
  const purge = stack.temporal.workflow.getHandle(
    retentionPurgeWorkflowId('expired_agrement', registrationId, YESTERDAY),
  );
  await waitFor('le lancement de la purge', 30_000, () => purge.describe());
  const keys: string[] = await stack
    .db('documents')
    .where({ registration_id: registrationId })
    .pluck('object_key');
  return { registrationId, purge, keys };
}

const actionsOn = (registrationId: string) =>
  stack.db('audit_log').where({ target_id: registrationId }).pluck('action');
const lifecycleOf = (registrationId: string) =>
  stack.temporal.workflow.getHandle(childminderWorkflowId(registrationId));

/** One durable timer, fired at the end of the period. */
async function expectOneTimer(purge: Awaited<ReturnType<typeof expiredChildminder>>['purge']) {
  const events = (await purge.fetchHistory()).events!;
  expect(events.filter((e) => e.timerStartedEventAttributes)).toHaveLength(1);
  expect(events.filter((e) => e.timerFiredEventAttributes)).toHaveLength(1);
}

describe('an agrément expired and never renewed', () => {
  it('her record is purged the legal period after the expiry: S3 objects gone, audit rows kept', async () => {
    const { registrationId, purge, keys } = await expiredChildminder(5_000);
    expect(keys).toHaveLength(1);
    expect(await isStored(stack.storage, keys[0]!)).toBe(true);
    await purge.result();
    await expectOneTimer(purge);

    expect(await isStored(stack.storage, keys[0]!)).toBe(false);
    const row = await stack
      .db('registrations')
      .where({ id: registrationId })
      .first('identity', 'nir_index', 'agrement', 'contact', 'availability');
    expect(row).toEqual({
      identity: null,
      nir_index: null,
      agrement: null,
      contact: null,
      availability: null,
    });
    const where = { registration_id: registrationId };
    expect(await stack.db('public_profiles').where(where).first()).toBeUndefined();
    expect(await stack.db('documents').where(where).distinct().pluck('file_name')).toEqual(['supprimé']);
    expect(await stack.db('case_events').where(where).pluck('type')).toEqual(
      expect.arrayContaining(['approved', 'agrement_expired']),
    );
    const actions = await actionsOn(registrationId);
    expect(actions).toContain('case.approve');
    expect(actions.filter((a) => a === 'retention.expired_agrement_purged')).toHaveLength(1);
    expect((await lifecycleOf(registrationId).describe()).status.name).toBe('TERMINATED');
    await stack.keepHistory(purge);
  });

  it('renewed before the purge: nothing is purged', async () => {
    const t0 = Date.now();
    const { registrationId, purge, keys } = await expiredChildminder(20_000);
    await waitFor('l’expiration dite', 30_000, async () => {
      const told = await stack
        .db('case_events')
        .where({ registration_id: registrationId, type: 'agrement_expired' });
      if (told.length === 0) throw new Error('pas encore');
    });
    const registration = await stack
      .db('registrations')
      .where({ id: registrationId })
      .first('identity', 'agrement');
    expect(Date.now() - t0, 'machine trop lente pour le délai de ce test').toBeLessThan(18_000);
    const renewed = await api.post(
      '/api/departement/notifications',
      {
        reference: `PMI-RENEW-${Date.now().toString(36)}`,
        kind: 'renewal',
        reason: 'renouvellement',
        expiryDate: '2031-08-31',
        agrementNumber: registration.agrement.number,
        birthName: registration.identity.birthName,
        birthDate: '1985-03-14',
        effectiveDate: new Date().toISOString(),
      },
      agent,
    );
    expect(renewed.status, JSON.stringify(renewed.body)).toBe(201);
    await purge.result();
    await expectOneTimer(purge);

    expect(await isStored(stack.storage, keys[0]!)).toBe(true);
    const row = await stack.db('registrations').where({ id: registrationId }).first('identity', 'agrement');
    expect(row.identity).not.toBeNull();
    expect(row.agrement.expiryDate).toBe('2031-08-31');
    const actions = await actionsOn(registrationId);
    expect(actions).not.toContain('retention.expired_agrement_purged');
    expect(actions.filter((a) => a === 'retention.expired_agrement_purge_cancelled')).toHaveLength(1);
    expect((await lifecycleOf(registrationId).describe()).status.name).toBe('RUNNING');
    expect((await api.get(`/api/public/childminders/${registrationId}`)).status).toBe(200);
    await stack.keepHistory(lifecycleOf(registrationId));
    await stack.keepHistory(purge);
  });

  it('replays its histories deterministically', async () => {
    const { count, failures } = await stack.replayKeptHistories();
    expect(count).toBe(3);
    expect(failures).toEqual([]);
  });
});
