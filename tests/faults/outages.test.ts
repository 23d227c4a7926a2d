/**
 * Outages of the services around the case, each for real: SMTP and SNGI down together for two
 * minutes (cases move on, or wait for the registry without being rejected; every email goes out,
 * once, when SMTP is back), then S3 down during an upload (503 with a code, a retry works, nothing
 * half-done). This file brings its own SMTP server and S3 store, so that their outages stay here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseCommands } from '../../api/cases/commands.ts';
import type { ModerationPolicy } from '../../domain/moderation-policy.ts';
import { EMBEDDED_S3_CREDENTIALS, startEmbeddedS3, type RunningS3 } from '../../stack/s3.ts';
import { startSmtpCatcher, type CaughtMail, type RunningSmtpCatcher } from '../../stack/smtp-catcher.ts';
import { apiClient, postToS3 } from '../support/api-client.ts';
import {
  createUser,
  insertRegistration,
  registrationFor,
  samplePng,
  uniqueEmail,
} from '../support/fixtures.ts';
import { sessionFor } from '../support/moderation.ts';
import { freePorts } from '../support/ports.ts';
import { setUpFile, TEST_POLICY, type FileStack } from '../support/stack.ts';
import { allReach, drafts, inBatches, statusCounts } from './support/cases.ts';

const OUTAGE_MS = 120_000;
/** What a person waits for an answer (a decision taken, an account created) while a service is down. */
const ANSWER_WITHIN_MS = 15_000;
/** Deadlines within seconds, so that staff alerts fall due while SMTP is down. */
const SHORT_DEADLINES: ModerationPolicy = {
  handlingTime: '6 seconds',
  reminderBeforeDue: '4 seconds',
  escalationAfterDue: '2 seconds',
};

let stack: FileStack;
let api: ReturnType<typeof apiClient>;
let smtpPort: number;
let mailboxPort: number;
let smtp: RunningSmtpCatcher;
/** Every message any of this file's SMTP catchers received (one per run of the catcher). */
const caught: CaughtMail[] = [];
let s3: RunningS3;
let s3Port: number;
const s3Directory = mkdtempSync(path.join(tmpdir(), 'registre-faults-s3-'));

async function startSmtp() {
  smtp = await startSmtpCatcher({ smtpPort, httpPort: mailboxPort, kept: 10_000 });
}
async function stopSmtp() {
  caught.push(...smtp.messages);
  await smtp.stop();
}
const startS3 = async () =>
  (s3 = await startEmbeddedS3({ directory: s3Directory, port: s3Port, bucket: 'registre-faults' }));

beforeAll(async () => {
  [smtpPort, mailboxPort, s3Port] = (await freePorts(3)) as [number, number, number];
  await startSmtp();
  await startS3();
  stack = await setUpFile('faults-outages', {
    api: true,
    policy: { ...TEST_POLICY, identityRetryMaxInterval: '15 seconds', moderation: SHORT_DEADLINES },
    services: {
      smtpUrl: smtp.smtpUrl,
      mailboxUrl: smtp.mailboxUrl,
      s3: { endpoint: s3.endpoint, ...EMBEDDED_S3_CREDENTIALS, bucket: 'registre-faults' },
    },
  });
  api = apiClient(stack.apiUrl);
}, 120_000);
afterAll(async () => {
  await stack?.teardown();
  await smtp?.stop().catch(() => {});
  await s3?.stop().catch(() => {});
  rmSync(s3Directory, { recursive: true, force: true });
});

/** Resolves with `work`'s result, or fails once a person would have given up waiting. */
async function answered<T>(what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} : pas de réponse après ${ANSWER_WITHIN_MS} ms`)),
      ANSWER_WITHIN_MS,
    );
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

describe('SMTP and SNGI down for two minutes', () => {
  it('decides, signs up and invites at once, keeps checks waiting, and sends every email once afterwards', async () => {
    const commands = caseCommands(stack.deps);
    const moderator = await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' });
    const supervisor = await createUser(stack.db, { role: 'supervisor' });
    const later = await drafts(stack, 6);
    const waiting = await drafts(stack, 6);
    await inBatches(waiting, 6, (c) => commands.submit(c.registrationId, c.owner.id, c.owner.actor));
    await allReach(
      stack,
      waiting.map((c) => c.registrationId),
      'in_moderation',
      60_000,
    );

    // Their due dates are seconds away: the escalations fall due during the outage.
    await stopSmtp();
    stack.sngi.registry.down = true;
    const outageStarted = Date.now();

    // Their escalations fall due now: recorded on each case's timeline, their emails queued.
    await expect
      .poll(
        () =>
          stack
            .db('case_events')
            .whereIn(
              'registration_id',
              waiting.map((c) => c.registrationId),
            )
            .where({ type: 'deadline_escalated' })
            .count({ n: '*' }),
        { timeout: 30_000, interval: 250 },
      )
      .toEqual([{ n: String(waiting.length) }]);
    // Decisions are taken and the cases move on.
    await inBatches(waiting, 6, (c) =>
      answered(
        'une décision',
        commands
          .claim(c.registrationId, moderator.actor)
          .then(() =>
            commands.decide(c.registrationId, { actor: moderator.actor, kind: 'approve', messageId: null }),
          ),
      ),
    );
    await allReach(
      stack,
      waiting.map((c) => c.registrationId),
      'active',
      30_000,
    );
    // New submissions wait for the registry, and are not rejected for it.
    await inBatches(later, 6, (c) =>
      answered('un dépôt', commands.submit(c.registrationId, c.owner.id, c.owner.actor)),
    );
    // An account and an invitation answer at once; their emails wait in the outbox.
    const email = uniqueEmail('pendant-la-panne');
    const signup = await answered(
      'une inscription',
      api.post('/api/auth/signup', {
        email,
        password: 'une phrase de passe longue',
        displayName: 'Léa Martin',
      }),
    );
    expect(signup.status).toBe(202);
    const invitation = await answered(
      'une invitation',
      api.post(
        '/api/staff/accounts',
        {
          displayName: 'Nadia Martin',
          email: uniqueEmail('agent'),
          role: 'moderator',
          officeIds: ['caf-69'],
        },
        await sessionFor(stack.db, supervisor),
      ),
    );
    expect(invitation.status).toBe(201);

    const unsent: Array<{ attempts: number; last_error: string | null }> = await stack
      .db('outbox')
      .whereNull('sent_at')
      .select('attempts', 'last_error');
    expect(unsent.length).toBeGreaterThan(12);
    expect(unsent.some((row) => row.attempts > 0 && row.last_error)).toBe(true);

    // The rest of the two minutes: nothing is given up meanwhile.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, outageStarted + OUTAGE_MS - Date.now())));
    expect(
      await statusCounts(
        stack,
        later.map((c) => c.registrationId),
      ),
    ).toEqual({ identity_check: 6 });
    expect(await stack.db('outbox').whereNotNull('failed_at').count({ n: '*' })).toEqual([{ n: '0' }]);
    await startSmtp();
    stack.sngi.registry.down = false;
    const restored = Date.now();

    await allReach(
      stack,
      later.map((c) => c.registrationId),
      'in_moderation',
      60_000,
    );
    const outcomes = await stack
      .db('cases')
      .whereIn(
        'registration_id',
        later.map((c) => c.registrationId),
      )
      .pluck('identity_outcome');
    expect(outcomes).toEqual(later.map(() => 'certified'));

    await expect
      .poll(() => stack.db('outbox').whereNull('sent_at').count({ n: '*' }), {
        timeout: 60_000,
        interval: 250,
      })
      .toEqual([{ n: '0' }]);
    const delivered = Date.now();
    const received = [...caught, ...smtp.messages];
    const ids: string[] = await stack.db('outbox').pluck('message_id');
    const counts = ids.map((id) => received.filter((mail) => mail.messageId === id).length);
    expect(counts).toEqual(ids.map(() => 1)); // every email once: none lost, none twice
    expect(received.some((mail) => mail.to.includes(email) && /Confirmez/.test(mail.subject))).toBe(true);
    console.log(
      `pannes SMTP et SNGI de ${OUTAGE_MS / 1000} s : ${ids.length} courriels, tous partis ${((delivered - restored) / 1000).toFixed(1)} s après le retour de SMTP, chacun une fois`,
    );
  }, 300_000);
});

describe('S3 down during an upload', () => {
  it('answers 503 with a code, keeps the case as it was, and a retry works once S3 is back', async () => {
    const owner = await createUser(stack.db);
    const registrationId = await insertRegistration(stack.db, owner.id, registrationFor());
    const token = await sessionFor(stack.db, owner);
    const png = await samplePng();
    const prepare = () =>
      api.post(
        `/api/registrations/${registrationId}/documents`,
        { fileName: 'agrement.png', contentType: 'image/png', size: png.length },
        token,
      );

    // The browser's upload reached S3 just before it went down; the check cannot read it now.
    const first = await prepare();
    await postToS3(first.body.upload, png, 'agrement.png', 'image/png');
    await s3.stop();
    const refused = await answered(
      'une vérification sans S3',
      api.post(`/api/registrations/${registrationId}/documents/${first.body.documentId}/verify`, {}, token),
    );
    expect(refused.status).toBe(503);
    expect(refused.body.code).toBe('document_check_unavailable');
    expect(refused.body.detail).toMatch(/momentanément impossible/);
    // Nothing half-done: the copy is not accepted, the case has none.
    expect((await stack.db('documents').where({ id: first.body.documentId }).first()).status).toBe('pending');
    const view = await stack.temporal.workflow
      .getHandle(`registration:${registrationId}`)
      .query<{ acceptedDocuments: number }>('case');
    expect(view.acceptedDocuments).toBe(0);
    // A new upload cannot reach S3 either: the browser's POST fails.
    const second = await prepare();
    expect(second.status).toBe(201);
    await expect(postToS3(second.body.upload, png, 'agrement.png', 'image/png')).rejects.toThrow();

    await startS3();
    const retried = await api.post(
      `/api/registrations/${registrationId}/documents/${first.body.documentId}/verify`,
      {},
      token,
    );
    expect(retried.status).toBe(200);
    expect(retried.body.status).toBe('accepted');
    const after = await stack.temporal.workflow
      .getHandle(`registration:${registrationId}`)
      .query<{ acceptedDocuments: number }>('case');
    expect(after.acceptedDocuments).toBe(1);
  }, 120_000);
});
