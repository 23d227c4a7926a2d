/**
 * The Temporal dev server killed (SIGKILL) mid-run, with registrations in flight, and restarted on
 * its SQLite file a few seconds later. The worker process lives through it; submissions during the
 * outage go through, at worst when tried again; every case ends in the queue with one
 * case row, one workflow and one "submitted" email. (The Temporal client retries a server that does
 * not answer for a while: a submit during a short outage mostly just waits.) This file has a
 * Temporal server of its own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseCommands } from '../../api/cases/commands.ts';
import { Problem } from '../../api/problem.ts';
import { startSmtpCatcher, type RunningSmtpCatcher } from '../../stack/smtp-catcher.ts';
import { startTemporalServer, type RunningTemporal } from '../../stack/temporal-server.ts';
import { registrationWorkflowId } from '../../workflows/registration.ts';
import { freePort } from '../support/ports.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';
import { allReach, drafts, inBatches, statusCounts, type Draft } from './support/cases.ts';
import { startSngiProxy, type SngiProxy } from './support/sngi-proxy.ts';
import { startWorkerProcess, type WorkerProcessHandle } from './support/worker-process.ts';

const DOWN_MS = 5_000;

const directory = mkdtempSync(path.join(tmpdir(), 'registre-faults-temporal-'));
let port: number;
let temporal: RunningTemporal;
let smtp: RunningSmtpCatcher;
let stack: FileStack;
let sngi: SngiProxy;
let worker: WorkerProcessHandle;

const startTemporal = async () =>
  (temporal = await startTemporalServer({ port, dbFilename: path.join(directory, 'temporal.sqlite') }));

beforeAll(async () => {
  port = await freePort();
  await startTemporal();
  smtp = await startSmtpCatcher({ smtpPort: 0, httpPort: 0, kept: 10_000 });
  stack = await setUpFile('faults-temporal', {
    worker: false,
    services: { temporalAddress: temporal.address, smtpUrl: smtp.smtpUrl, mailboxUrl: smtp.mailboxUrl },
  });
  sngi = await startSngiProxy(stack.sngi.url, 2000);
  worker = await startWorkerProcess({ ...stack.workerEnv, SNGI_URL: sngi.url });
}, 120_000);
afterAll(async () => {
  await worker?.stop();
  await sngi?.stop();
  await stack?.teardown();
  await temporal?.stop();
  await smtp?.stop();
  rmSync(directory, { recursive: true, force: true });
});

/** A submit tried again a second later while Temporal does not answer (503 from the API). */
async function submitInsisting(commands: ReturnType<typeof caseCommands>, c: Draft, answers: string[]) {
  for (;;) {
    try {
      return await commands.submit(c.registrationId, c.owner.id, c.owner.actor);
    } catch (error) {
      answers.push(error instanceof Problem ? error.code : (error as Error).name);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

describe('the Temporal server killed and restarted on its SQLite file', () => {
  it('loses nothing: every case reaches the queue once, with its email once', async () => {
    const commands = caseCommands(stack.deps);
    const first = await drafts(stack, 20);
    const during = await drafts(stack, 5);
    const ids = [...first, ...during].map((c) => c.registrationId);
    await inBatches(first, 20, (c) => commands.submit(c.registrationId, c.owner.id, c.owner.actor));

    await temporal.kill!();
    const answers: string[] = [];
    const late = Promise.all(during.map((c) => submitInsisting(commands, c, answers)));
    await new Promise((resolve) => setTimeout(resolve, DOWN_MS));
    await startTemporal();
    await late;

    await allReach(stack, ids, 'in_moderation', 120_000);
    expect(await statusCounts(stack, ids)).toEqual({ in_moderation: 25 });
    expect(worker.memory().worker).toBeGreaterThan(0); // the worker lived through it
    const described = await Promise.all(
      ids.map((id) => stack.temporal.workflow.getHandle(registrationWorkflowId(id)).describe()),
    );
    expect(described.map((d) => d.status.name)).toEqual(ids.map(() => 'RUNNING'));
    expect(await stack.db('cases').whereIn('registration_id', ids).count({ n: '*' })).toEqual([{ n: '25' }]);

    await expect
      .poll(() => stack.db('outbox').whereIn('registration_id', ids).whereNull('sent_at').count({ n: '*' }), {
        timeout: 30_000,
      })
      .toEqual([{ n: '0' }]);
    const messageIds: string[] = await stack
      .db('outbox')
      .whereIn('registration_id', ids)
      .where({ kind: 'submitted' })
      .pluck('message_id');
    expect(messageIds).toHaveLength(25);
    expect(messageIds.map((id) => smtp.messages.filter((m) => m.messageId === id).length)).toEqual(
      messageIds.map(() => 1),
    );
    console.log(
      `serveur Temporal tué puis relancé après ${DOWN_MS / 1000} s : 25 dossiers, aucun perdu ; erreurs rendues pendant la panne : ${answers.length}`,
    );
  }, 300_000);
});
