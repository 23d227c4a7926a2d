/**
 * PostgreSQL stopped for 30 seconds while moderators decide (registrations, and changes to published
 * profiles) and childminders edit their profiles. Requests during the outage get a 503 with a code;
 * people try again; once PostgreSQL is back every decision and every edit completes, and no
 * workflow is left with a task failing over and over. The file has a PostgreSQL of its own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/case-rules.ts';
import { migrate, openDb } from '../../infra/db.ts';
import { startEmbeddedPostgres, type RunningPostgres } from '../../stack/postgres.ts';
import { childminderWorkflowId } from '../../workflows/childminder.ts';
import { registrationWorkflowId } from '../../workflows/registration.ts';
import { apiClient } from '../support/api-client.ts';
import { activeChildminder, changeSection, policyWith, publishedProfile } from '../support/childminder.ts';
import { createUser, registrationFor } from '../support/fixtures.ts';
import { caseInModeration, sessionFor } from '../support/moderation.ts';
import { freePort } from '../support/ports.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';
import { inBatches } from './support/cases.ts';

const OUTAGE_MS = 30_000;

let postgres: RunningPostgres;
const directory = mkdtempSync(path.join(tmpdir(), 'registre-faults-pg-'));
let stack: FileStack;
let api: ReturnType<typeof apiClient>;
let moderator: Awaited<ReturnType<typeof createUser>>;
let staffToken: string;

beforeAll(async () => {
  postgres = await startEmbeddedPostgres({
    directory: path.join(directory, 'pg'),
    port: await freePort(),
    persistent: true,
  });
  await postgres.createDatabase('registre_template');
  const template = openDb(postgres.databaseUrl('registre_template'));
  await migrate(template);
  await template.destroy();
  stack = await setUpFile('faults-postgres', {
    api: true,
    policy: policyWith([]),
    services: { postgresAdminUrl: postgres.databaseUrl('postgres'), templateDatabase: 'registre_template' },
  });
  api = apiClient(stack.apiUrl);
  moderator = await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' });
  staffToken = await sessionFor(stack.db, moderator);
}, 120_000);
afterAll(async () => {
  await stack?.teardown();
  await postgres?.stop();
  rmSync(directory, { recursive: true, force: true });
});

/** What a person waits for one answer before she clicks again. */
const GIVES_UP_AFTER_MS = 60_000;

/** A person's request: tried again a second later while the service answers 5xx (or not at all). */
async function insisting(
  request: () => Promise<{ status: number; body: { code?: string } }>,
  statuses: string[],
) {
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const noAnswer = new Promise<{ status: number; body: { code?: string } }>((resolve) => {
      timer = setTimeout(() => resolve({ status: 598, body: { code: 'no_answer' } }), GIVES_UP_AFTER_MS);
    });
    const response = await Promise.race([
      request().catch(() => ({ status: 599, body: { code: 'network' } })),
      noAnswer,
    ]);
    clearTimeout(timer);
    statuses.push(`${response.status} ${response.body?.code ?? ''}`.trim());
    if (response.status < 500) return response;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

describe('PostgreSQL stopped for 30 seconds', () => {
  it('completes every decision and edit once it is back, and leaves no workflow failing', async () => {
    const registrations = await inBatches(
      Array.from({ length: 8 }, (_, i) => i),
      4,
      () => caseInModeration(stack),
    );
    const lifecycles = await inBatches(
      Array.from({ length: 4 }, (_, i) => i),
      2,
      () => activeChildminder(stack, moderator.actor, { policy: policyWith([]) }),
    );
    // Each childminder has a change waiting for the CAF, which the moderator will decide during the outage.
    for (const { registrationId, owner } of lifecycles) {
      const agrement = {
        ...registrationFor().agrement,
        number: `AG-69-NOUVEAU-${registrationId.slice(0, 6)}`,
      };
      await changeSection(stack, registrationId, owner.actor as Actor, 'agrement', agrement);
    }
    const toDecide = [
      ...registrations.map((r) => r.registrationId),
      ...lifecycles.map((l) => l.registrationId),
    ];
    await inBatches(toDecide, 6, (id) => api.post(`/api/staff/cases/${id}/claim`, {}, staffToken));
    const tokens = await Promise.all(lifecycles.map((l) => sessionFor(stack.db, l.owner)));

    const statuses: string[] = [];
    const decisions = Promise.all(
      toDecide.map((id) =>
        insisting(
          () => api.post(`/api/staff/cases/${id}/decision`, { kind: 'approve' }, staffToken),
          statuses,
        ),
      ),
    );
    const phones = ['06 11 11 11 11', '06 22 22 22 22', '06 33 33 33 33'];
    const edits = Promise.all(
      lifecycles.map(async ({ registrationId }, i) => {
        for (const phone of phones) {
          const contact = { ...registrationFor().contact, phone };
          const path = `/api/registrations/${registrationId}/profile/sections/contact`;
          const saved = await insisting(() => api.put(path, contact, tokens[i]), statuses);
          expect(saved.status).toBe(200);
        }
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    await postgres.stop();
    // Those above may all be answered before it stops (a lean edit is quick): one more edit each, sent
    // while it is down, meets the outage for certain — a 503 with its code, then done once it is back.
    const duringOutage = Promise.all(
      lifecycles.map(({ registrationId }, i) =>
        insisting(
          () =>
            api.put(
              `/api/registrations/${registrationId}/profile/sections/contact`,
              { ...registrationFor().contact, phone: phones.at(-1) },
              tokens[i],
            ),
          statuses,
        ),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    await postgres.start();
    await Promise.all([decisions, edits, duringOutage]);

    expect.soft(statuses).toContain('503 service_unavailable');
    const decided = await decisions;
    expect.soft(decided.map((answer) => answer.status)).toEqual(toDecide.map(() => 200));
    const rows = await stack.db('cases').whereIn('registration_id', toDecide).pluck('status');
    expect.soft(rows).toEqual(toDecide.map(() => 'active'));
    // Each decided once: her registration approved once, each change approved once.
    const count = async (ids: string[], type: string) =>
      (
        await stack
          .db('case_events')
          .whereIn('registration_id', ids)
          .where({ type })
          .groupBy('registration_id')
          .select(stack.db.raw('count(*)::int as n'))
      ).map((row) => row.n);
    const registrationIds = registrations.map((r) => r.registrationId);
    const lifecycleIds = lifecycles.map((l) => l.registrationId);
    expect(await count(registrationIds, 'approved')).toEqual(registrationIds.map(() => 1));
    expect(await count(lifecycleIds, 'change_approved')).toEqual(lifecycleIds.map(() => 1));
    for (const { registrationId } of lifecycles) {
      const profile = await publishedProfile(stack, registrationId);
      expect(profile.phone).toBe(phones.at(-1));
    }

    // No workflow left with a task failing over and over: each is idle, or its task at a first attempt.
    const workflowIds = [
      ...registrations.map((r) => registrationWorkflowId(r.registrationId)),
      ...lifecycles.map((l) => childminderWorkflowId(l.registrationId)),
    ];
    await expect
      .poll(
        async () => {
          const described = await Promise.all(
            workflowIds.map((id) => stack.temporal.workflow.getHandle(id).describe()),
          );
          return described.filter((d) => (d.raw.pendingWorkflowTask?.attempt ?? 0) > 1).length;
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(0);
    console.log(
      `PostgreSQL arrêté ${OUTAGE_MS / 1000} s : ${toDecide.length} décisions et ${lifecycles.length * (phones.length + 1)} modifications ` +
        `toutes faites ; ${statuses.filter((s) => s.startsWith('503')).length} réponses 503 pendant la panne`,
    );
  }, 300_000);
});
