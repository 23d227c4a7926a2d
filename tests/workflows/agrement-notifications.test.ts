/**
 * A département's notifications in her lifecycle, on the real stack, with suspensions seconds long:
 * unpublished from the start, told by email and on her timeline, republished at the end by itself
 * (the end told by a durable timer), not when a withdrawal came in between; a notification sent
 * twice has one effect; missed declarations never suspend anything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/case-rules.ts';
import { waitFor } from '../../stack/wait.ts';
import { childminderWorkflowId } from '../../workflows/childminder.ts';
import { apiClient } from '../support/api-client.ts';
import { activeChildminder, deadlinesIn, lifecycleSettledPast, policyWith } from '../support/childminder.ts';
import { createUser, mailsTo } from '../support/fixtures.ts';
import { sessionFor } from '../support/moderation.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let api: ReturnType<typeof apiClient>;
let moderator: Actor;
let agent: string;

beforeAll(async () => {
  stack = await setUpFile('agrement-notifications', { api: true });
  api = apiClient(stack.apiUrl);
  moderator = (await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' })).actor;
  agent = await sessionFor(
    stack.db,
    await createUser(stack.db, { role: 'departement_agent', departementCode: '69' }),
  );
});
afterAll(() => stack?.teardown());

const events = (registrationId: string): Promise<string[]> =>
  stack.db('case_events').where({ registration_id: registrationId }).orderBy('seq').pluck('type');
const subjects = async (email: string) => (await mailsTo(stack.mailboxUrl, email)).map((m) => m.subject);
const publicPage = async (id: string) => (await api.get(`/api/public/childminders/${id}`)).status;
const instant = (ms: number) => new Date(Date.now() + ms).toISOString();
let counter = 0;

async function notify(registrationId: string, body: Record<string, unknown>) {
  const registration = await stack
    .db('registrations')
    .where({ id: registrationId })
    .first('identity', 'agrement');
  const response = await api.post(
    '/api/departement/notifications',
    {
      reference: `PMI-WF-${Date.now().toString(36)}-${++counter}`,
      agrementNumber: registration.agrement.number,
      birthName: registration.identity.birthName,
      birthDate: '1985-03-14',
      effectiveDate: instant(0),
      ...body,
    },
    agent,
  );
  expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
  return response;
}

async function keep(registrationId: string) {
  const handle = stack.temporal.workflow.getHandle(childminderWorkflowId(registrationId));
  await stack.keepHistory(handle);
}

describe('a suspension in her lifecycle', () => {
  it('unpublishes her at once, tells her, and republishes her by itself at its end', async () => {
    const { registrationId, owner } = await activeChildminder(stack, moderator);
    expect(await publicPage(registrationId)).toBe(200);

    const body = { kind: 'suspension', reason: 'enquete', endDate: instant(6_000) };
    await notify(registrationId, body);
    expect(await publicPage(registrationId)).toBe(404);

    await waitFor('la suspension dans son historique', 15_000, async () => {
      if (!(await events(registrationId)).includes('agrement_suspension')) throw new Error('pas encore');
    });
    await waitFor('la fin de la suspension', 30_000, async () => {
      if (!(await events(registrationId)).includes('agrement_suspension_ended'))
        throw new Error('pas encore');
    });
    expect(await publicPage(registrationId)).toBe(200);
    await expect
      .poll(() => subjects(owner.email), { timeout: 30_000, interval: 500 })
      .toContain('La suspension de votre agrément a pris fin');
    expect((await subjects(owner.email)).filter((s) => s === 'Votre agrément est suspendu')).toHaveLength(1);
    await keep(registrationId);
  });

  it('the same notification sent twice is told to her once', async () => {
    const { registrationId } = await activeChildminder(stack, moderator);
    const reference = `PMI-TWICE-${Date.now().toString(36)}`;
    const body = { reference, kind: 'suspension', reason: 'enquete', endDate: instant(60_000) };
    await notify(registrationId, body);
    expect((await notify(registrationId, body)).body.outcome).toBe('already_applied');
    await waitFor('la suspension dans son historique', 15_000, async () => {
      if (!(await events(registrationId)).includes('agrement_suspension')) throw new Error('pas encore');
    });
    expect((await events(registrationId)).filter((e) => e === 'agrement_suspension')).toHaveLength(1);
    await keep(registrationId);
  });

  it('is not followed by her return when a withdrawal came in between', async () => {
    const { registrationId, owner } = await activeChildminder(stack, moderator);
    const end = Date.now() + 4_000;
    await notify(registrationId, {
      kind: 'suspension',
      reason: 'enquete',
      endDate: new Date(end).toISOString(),
    });
    await notify(registrationId, { kind: 'withdrawal', reason: 'avis_commission' });
    await waitFor('le retrait dans son historique', 15_000, async () => {
      if (!(await events(registrationId)).includes('agrement_withdrawal')) throw new Error('pas encore');
    });
    // Past the suspension's end (her lifecycle with nothing due left in hand), she stays out and is
    // not told she is back. (Her case closed, no declaration deadline is told any more either.)
    await lifecycleSettledPast(stack, registrationId, end + 1000);
    expect(await publicPage(registrationId)).toBe(404);
    expect(await events(registrationId)).not.toContain('agrement_suspension_ended');
    await expect
      .poll(() => subjects(owner.email), { timeout: 30_000, interval: 500 })
      .toContain('Votre agrément a été retiré');
    expect(await subjects(owner.email)).not.toContain('La suspension de votre agrément a pris fin');
    await keep(registrationId);
  });
});

describe('missed declarations', () => {
  it('never suspend nor withdraw anything: she stays published, her standing untouched', async () => {
    const { registrationId } = await activeChildminder(stack, moderator, {
      policy: policyWith(deadlinesIn(12, 16, 20), 1000),
    });
    await waitFor('deux échéances manquées', 30_000, async () => {
      const missed = (await events(registrationId)).filter((e) => e === 'declaration_overdue');
      if (missed.length < 2) throw new Error(`${missed.length} seulement`);
    });
    expect(
      await stack.db('agrement_standing').where({ registration_id: registrationId }).first(),
    ).toBeUndefined();
    expect((await events(registrationId)).filter((e) => e.startsWith('agrement_'))).toEqual([]);
    expect(await publicPage(registrationId)).toBe(200);
  });
});

describe('replay', () => {
  it('replays every history kept here with today’s code', async () => {
    const { count, failures } = await stack.replayKeptHistories();
    expect(failures).toEqual([]);
    expect(count).toBeGreaterThan(0);
  });
});
