/**
 * Temporal over TLS, as in production (Temporal Cloud, or a server behind TLS): worker/main.ts and
 * api/main.ts reach the server through a TLS front with the CA, a client certificate (mTLS) and an
 * API key from TEMPORAL_TLS_* and TEMPORAL_API_KEY; the worker then checks a document for a case
 * through it. Every call the front saw carried the key and the client's certificate.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseCommands } from '../../api/cases/commands.ts';
import { readTemporalConnection } from '../../infra/temporal/connection.ts';
import { freePort } from '../support/ports.ts';
import {
  createUser,
  insertRegistration,
  placeUpload,
  registrationFor,
  samplePdf,
} from '../support/fixtures.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';
import { startTlsFront, type TlsFront } from '../support/tls-front.ts';
import { startWorkerProcess, type WorkerProcessHandle } from '../faults/support/worker-process.ts';

let stack: FileStack;
let front: TlsFront;
let worker: WorkerProcessHandle | undefined;

beforeAll(async () => {
  stack = await setUpFile('temporal-tls', { worker: false });
  front = await startTlsFront(stack.workerEnv.TEMPORAL_ADDRESS!);
});
afterAll(async () => {
  await worker?.stop();
  await front?.stop();
  await stack?.teardown();
});

const API_KEY = 'cle-api-de-test-0123456789';

function tlsEnv(): NodeJS.ProcessEnv {
  return {
    ...stack.workerEnv,
    TEMPORAL_ADDRESS: front.address,
    TEMPORAL_TLS_CA: front.files.ca,
    TEMPORAL_TLS_CERT: front.files.clientCert,
    TEMPORAL_TLS_KEY: front.files.clientKey,
    TEMPORAL_API_KEY: API_KEY,
  };
}

describe('Temporal over TLS', () => {
  it('reads its variables, and refuses half a client certificate or a contradiction', () => {
    expect(readTemporalConnection({}).tls).toBeNull();
    expect(readTemporalConnection({ TEMPORAL_TLS: 'true' }).tls).toEqual({});
    const cloud = readTemporalConnection({ TEMPORAL_API_KEY: 'k', TEMPORAL_ADDRESS: 'x.tmprl.cloud:7233' });
    expect(cloud).toEqual({ address: 'x.tmprl.cloud:7233', tls: {}, apiKey: 'k' });
    expect(() => readTemporalConnection({ TEMPORAL_TLS_CERT: front.files.clientCert })).toThrow(
      /TEMPORAL_TLS_CERT et TEMPORAL_TLS_KEY vont ensemble/,
    );
    expect(() => readTemporalConnection({ TEMPORAL_TLS_CA: '/nulle/part.pem' })).toThrow(
      /TEMPORAL_TLS_CA : fichier illisible/,
    );
    expect(() => readTemporalConnection({ TEMPORAL_TLS: 'false', TEMPORAL_API_KEY: 'k' })).toThrow(
      /TEMPORAL_TLS=false contredit/,
    );
  });

  it('runs the worker through it: a document checked, every call with the key and the certificate', async () => {
    worker = await startWorkerProcess(tlsEnv());
    const owner = await createUser(stack.db);
    const registrationId = await insertRegistration(stack.db, owner.id, registrationFor());
    const documentId = await placeUpload(stack.db, stack.storage, registrationId, await samplePdf());
    const verdict = await caseCommands(stack.deps).attachDocument(
      registrationId,
      owner.id,
      owner.actor,
      documentId,
    );
    expect(verdict.status).toBe('accepted'); // the workflow ran on the worker behind TLS

    const polls = front.calls.filter((call) => call.method.endsWith('/PollWorkflowTaskQueue'));
    expect(polls.length).toBeGreaterThan(0);
    expect(front.calls.some((call) => call.method.endsWith('/RespondWorkflowTaskCompleted'))).toBe(true);
    for (const call of front.calls) {
      expect(call.authorization, call.method).toBe(`Bearer ${API_KEY}`);
      expect(call.client, call.method).toBe('registre-worker');
    }
  });

  it('starts the api through it', async () => {
    const seen = front.calls.length;
    const port = await freePort();
    const api = spawn(process.execPath, ['api/main.ts'], {
      env: { ...tlsEnv(), API_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    try {
      await new Promise<void>((resolve, reject) => {
        const keep = (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('API prête')) resolve();
        };
        api.stdout!.on('data', keep);
        api.stderr!.on('data', keep);
        api.once('exit', (code) => reject(new Error(`api arrêtée (${code}) :\n${output}`)));
      });
      const answer = await fetch(`http://127.0.0.1:${port}/api/health`);
      expect(answer.status, output).toBeLessThan(500);
    } finally {
      api.kill('SIGTERM');
    }
    const apiCalls = front.calls.slice(seen);
    expect(apiCalls.length).toBeGreaterThan(0);
    for (const call of apiCalls) expect(call.authorization).toBe(`Bearer ${API_KEY}`);
  });
});
