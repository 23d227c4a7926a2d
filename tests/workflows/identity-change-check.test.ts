/**
 * Her change of identity after activation, checked against the SNGI simulator before it reaches the
 * pivot CAF, on the real Temporal dev server, PostgreSQL and S3: her Update answers at once, the
 * check follows, the moderator sees its outcome beside the proposed identity; while the registry is
 * down the change waits, checked once and routed once when it is back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityCheckOf, pendingChangeOf } from '../../api/cases/profile-changes.ts';
import type { Actor } from '../../domain/case-rules.ts';
import { identityChangeCheckKey } from '../../domain/identity-check.ts';
import { childminderWorkflowId } from '../../workflows/childminder.ts';
import { activeChildminder, changeSection, policyWith, publishedProfile } from '../support/childminder.ts';
import { createUser, registrationFor, waitForStatus } from '../support/fixtures.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';
import { waitFor } from '../../stack/wait.ts';

let stack: FileStack;
let moderator: Actor;

beforeAll(async () => {
  stack = await setUpFile('identity-change-check');
  moderator = (await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' })).actor;
});
afterAll(() => stack?.teardown());

/** Retried every second at most while the registry is down, as at registration in tests. */
const policy = () => {
  const base = policyWith([]);
  return { ...base, lifecycle: { ...base.lifecycle!, identityRetryMaxInterval: '1 second' } };
};

const events = (registrationId: string) =>
  stack.db('case_events').where({ registration_id: registrationId }).orderBy('seq');
const sngiOutage = (down: boolean) =>
  fetch(`${stack.sngi.url}/_control/outage`, { method: 'POST', body: JSON.stringify({ down }) });

async function keepLifecycle(registrationId: string) {
  await stack.keepHistory(stack.temporal.workflow.getHandle(childminderWorkflowId(registrationId)));
}

describe('a change of identity after activation', () => {
  it('is checked against SNGI, then goes to the moderator with the certified outcome', async () => {
    const { owner, registrationId, commands } = await activeChildminder(stack, moderator, {
      policy: policy(),
    });
    const identity = { ...registrationFor().identity, usageName: 'LEMAIRE' };
    const change = await changeSection(stack, registrationId, owner.actor, 'identity', identity);
    expect(change).toMatchObject({ outcome: 'checking', reasons: ['identity'] });
    await waitForStatus(stack.db, registrationId, 'change_in_moderation');

    const pending = await pendingChangeOf(stack.deps, registrationId);
    expect(pending).toMatchObject({
      id: change.changeId,
      status: 'pending',
      identityCheck: { outcome: 'certified', attention: null, fields: { birthName: 'match' } },
    });
    expect(stack.sngi.registry.answered.get(identityChangeCheckKey(change.changeId!))).toBe(1);
    const types = (await events(registrationId)).map((e) => e.type);
    expect(types.slice(-3)).toEqual(['approved', 'change_received', 'change_submitted']);
    const submitted = (await events(registrationId)).at(-1);
    expect(submitted.data).toMatchObject({ changeId: change.changeId, identityOutcome: 'certified' });
    // Her registration's check stays the one shown for the identity she holds, until approval.
    const before = await identityCheckOf(stack.db, registrationId);

    await commands.claim(registrationId, moderator);
    await commands.decide(registrationId, { actor: moderator, kind: 'approve', messageId: null });
    expect((await publishedProfile(stack, registrationId)).name).toBe('Camille LEMAIRE');
    const after = await identityCheckOf(stack.db, registrationId);
    expect(after!.checkedAt.getTime()).toBeGreaterThan(before!.checkedAt.getTime());
    await keepLifecycle(registrationId);
  });

  it('flags a proposed identity the registry does not certify as it is, and still lets the CAF decide', async () => {
    const { owner, registrationId, commands } = await activeChildminder(stack, moderator, {
      policy: policy(),
    });
    const identity = { ...registrationFor().identity, birthName: 'DURAND' };
    const change = await changeSection(stack, registrationId, owner.actor, 'identity', identity);
    await waitForStatus(stack.db, registrationId, 'change_in_moderation');
    const pending = await pendingChangeOf(stack.deps, registrationId);
    expect(pending?.identityCheck).toMatchObject({
      outcome: 'certified_with_differences',
      fields: { birthName: 'mismatch', nir: 'match' },
    });
    expect(pending?.identityCheck?.attention).toContain('diffèrent');
    // Her registration's certified check stays the one of the identity she holds.
    expect((await identityCheckOf(stack.db, registrationId))?.outcome).toBe('certified');

    await commands.claim(registrationId, moderator);
    await commands.decide(registrationId, { actor: moderator, kind: 'reject', messageId: null });
    expect(await stack.db('profile_changes').where({ id: change.changeId }).first('status')).toEqual({
      status: 'refused',
    });
    expect((await publishedProfile(stack, registrationId)).name).toBe('Camille DUPONT');
    await keepLifecycle(registrationId);
  });

  it('answers her while SNGI is down, then checks once and routes once when it is back', async () => {
    const { owner, registrationId } = await activeChildminder(stack, moderator, { policy: policy() });
    await sngiOutage(true);
    try {
      const identity = { ...registrationFor().identity, usageName: 'BLANC' };
      const change = await changeSection(stack, registrationId, owner.actor, 'identity', identity);
      expect(change.outcome).toBe('checking');
      const key = identityChangeCheckKey(change.changeId!);
      // Her answer came with the registry down: the change is received, being checked.
      const checking = await pendingChangeOf(stack.deps, registrationId);
      expect(checking).toMatchObject({ id: change.changeId, status: 'checking', identityCheck: null });
      await waitFor('deux essais auprès du répertoire', 20_000, async () => {
        if ((stack.sngi.registry.asked.get(key) ?? 0) < 2) throw new Error('pas encore');
      });
      expect((await stack.db('cases').where({ registration_id: registrationId }).first()).status).toBe(
        'active',
      );
      expect(await stack.db('identity_checks').where({ request_key: key })).toHaveLength(0);
      // Meanwhile what applies at once still does, and another moderated change waits its turn.
      const phone = await changeSection(stack, registrationId, owner.actor, 'contact', {
        ...registrationFor().contact,
        phone: '06 12 12 12 12',
      });
      expect(phone.outcome).toBe('applied');

      await sngiOutage(false);
      await waitForStatus(stack.db, registrationId, 'change_in_moderation');
      expect(stack.sngi.registry.answered.get(key)).toBe(1);
      expect(await stack.db('identity_checks').where({ request_key: key })).toHaveLength(1);
      const types = (await events(registrationId)).map((e) => e.type);
      expect(types.filter((t) => t === 'change_submitted')).toHaveLength(1);
      expect(types.filter((t) => t === 'change_received')).toHaveLength(1);
      expect((await pendingChangeOf(stack.deps, registrationId))?.identityCheck?.outcome).toBe('certified');
    } finally {
      await sngiOutage(false);
    }
    await keepLifecycle(registrationId);
  });

  it('replays every kept history deterministically', async () => {
    const { count, failures } = await stack.replayKeptHistories();
    expect(count).toBeGreaterThanOrEqual(3);
    expect(failures).toEqual([]);
  });
});
