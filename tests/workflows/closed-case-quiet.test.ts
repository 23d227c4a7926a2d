/**
 * A closed case's lifecycle goes quiet, on the real stack with deadlines seconds away: once her
 * agrément is withdrawn, or her account closed, the declaration reminder and deadline, the missed
 * declaration and the agrément's expiry reminder that would have come are neither written on her
 * timeline nor emailed (wf.patched('closed-case-quiet')).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/case-rules.ts';
import { expiresAt } from '../../domain/agrement-expiry.ts';
import type { RegistrationPolicy } from '../../domain/policy.ts';
import { waitFor } from '../../stack/wait.ts';
import { childminderWorkflowId } from '../../workflows/childminder.ts';
import { apiClient } from '../support/api-client.ts';
import { activeChildminder, deadlinesIn, lifecycleSettledPast, policyWith } from '../support/childminder.ts';
import { createUser, registrationFor } from '../support/fixtures.ts';
import { sessionFor } from '../support/moderation.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let api: ReturnType<typeof apiClient>;
let moderator: Actor;
let agent: string;

beforeAll(async () => {
  stack = await setUpFile('closed-case-quiet', { api: true });
  api = apiClient(stack.apiUrl);
  moderator = (await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' })).actor;
  agent = await sessionFor(
    stack.db,
    await createUser(stack.db, { role: 'departement_agent', departementCode: '69' }),
  );
});
afterAll(() => stack?.teardown());

/** What a working childminder is told by her lifecycle's timers. */
const TIMED = [
  'declaration_reminder_sent',
  'declaration_overdue',
  'agrement_expiry_reminder',
  'agrement_expired',
];

const handle = (registrationId: string) =>
  stack.temporal.workflow.getHandle(childminderWorkflowId(registrationId));

/** Her timeline's events after her case closed. */
async function eventsAfterClosure(registrationId: string): Promise<string[]> {
  const closed = await stack
    .db('case_events')
    .where({ registration_id: registrationId, type: 'case_closed' })
    .first('seq');
  if (!closed) throw new Error('dossier pas encore fermé');
  return stack
    .db('case_events')
    .where({ registration_id: registrationId })
    .andWhere('seq', '>', closed.seq)
    .orderBy('seq')
    .pluck('type');
}

/** The emails her lifecycle's timers queued for her (to whatever address her account had). */
const timedMails = (registrationId: string) =>
  stack.db('outbox').where({ registration_id: registrationId }).whereIn('kind', TIMED).pluck('kind');

// The two closures wait out deadlines seconds away, side by side (each her own childminder).
describe('a closed case', () => {
  it.concurrent(
    'closed by a withdrawal is told no declaration reminder, deadline nor missed declaration any more',
    async () => {
      // The first deadline is covered by her registration's declaration; the second one, missed, would
      // be reminded 3 s ahead, then marked overdue.
      const deadlines = deadlinesIn(15, 24);
      const { registrationId } = await activeChildminder(stack, moderator, {
        policy: policyWith(deadlines, 3000),
      });
      const registration = await stack
        .db('registrations')
        .where({ id: registrationId })
        .first('identity', 'agrement');
      const notified = await api.post(
        '/api/departement/notifications',
        {
          kind: 'withdrawal',
          reason: 'avis_commission',
          reference: `PMI-QUIET-${Date.now().toString(36)}`,
          agrementNumber: registration.agrement.number,
          birthName: registration.identity.birthName,
          birthDate: '1985-03-14',
          effectiveDate: new Date().toISOString(),
        },
        agent,
      );
      expect(notified.status, JSON.stringify(notified.body)).toBe(201);
      await waitFor('son dossier fermé', 20_000, async () => {
        await eventsAfterClosure(registrationId);
      });
      const last = Date.parse(deadlines[1]!);
      expect(Date.now(), 'machine trop lente pour les délais de ce test').toBeLessThan(last - 4000);

      await lifecycleSettledPast(stack, registrationId, last + 1000);
      expect((await eventsAfterClosure(registrationId)).filter((type) => TIMED.includes(type))).toEqual([]);
      expect(await timedMails(registrationId)).toEqual([]);
      expect(
        await stack.db('declaration_deadlines').where({ registration_id: registrationId }).pluck('deadline'),
      ).toEqual([]);
      await stack.keepHistory(handle(registrationId));
    },
  );

  it.concurrent(
    'closed with her account is told no declaration nor agrément expiry reminder any more',
    async () => {
      const t0 = Date.now();
      const deadlines = deadlinesIn(15, 24);
      // Her agrément's first reminder 20 s from now (the policy gives the milestones' distances).
      const data = registrationFor();
      const end = expiresAt(data.agrement!.expiryDate!).getTime();
      const base = policyWith(deadlines, 3000);
      const policy: RegistrationPolicy = {
        ...base,
        lifecycle: { ...base.lifecycle!, agrementExpiryRemindersBeforeMs: [end - (t0 + 20_000)] },
      };
      const { registrationId, owner } = await activeChildminder(stack, moderator, { policy, data });
      const hers = await sessionFor(stack.db, owner);
      expect((await api.post('/api/account/closure', { confirm: true }, hers)).status).toBe(200);
      // Her lifecycle hears of it and writes the closure on her timeline.
      await waitFor('la fermeture dans son historique', 20_000, async () => {
        await eventsAfterClosure(registrationId);
      });
      const last = Math.max(Date.parse(deadlines[1]!), t0 + 20_000);
      expect(Date.now(), 'machine trop lente pour les délais de ce test').toBeLessThan(last - 4000);

      await lifecycleSettledPast(stack, registrationId, last + 1000);
      expect((await eventsAfterClosure(registrationId)).filter((type) => TIMED.includes(type))).toEqual([]);
      expect(await timedMails(registrationId)).toEqual([]);
      expect(
        (await stack.db('cases').where({ registration_id: registrationId }).first()).closure_reason,
      ).toBe('account_closed');
      await stack.keepHistory(handle(registrationId));
    },
  );
});

describe('replay', () => {
  it('replays the lifecycles kept here with today’s code', async () => {
    const { count, failures } = await stack.replayKeptHistories();
    expect(failures).toEqual([]);
    expect(count).toBe(2);
  });
});
