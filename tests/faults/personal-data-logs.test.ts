/**
 * Personal data never in logs: the api and the worker as processes of their own (api/main.ts,
 * worker/main.ts, as in production), a registration taken through the HTTP API from sign-up to
 * approval with a known NIR, name, address, phone and email, plus the paths that log (a malformed
 * body, a wrong password, a reset request, an unknown case); then their whole output is scanned.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NAMED_PEOPLE } from '../../stack/sngi-people.ts';
import { markEmailVerified } from '../support/accounts.ts';
import { apiClient, postToS3 } from '../support/api-client.ts';
import { createUser, registrationFor, samplePdf, TEST_PASSWORD, waitForStatus } from '../support/fixtures.ts';
import { captureLog } from '../support/personal-data-scan.ts';
import { freePort } from '../support/ports.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

interface Running {
  child: ChildProcess;
  output: () => string;
}

/** Starts `entry` with `env`; resolves once it printed `ready`. Keeps all it writes. */
async function startProcess(entry: string, env: NodeJS.ProcessEnv, ready: string): Promise<Running> {
  const child = spawn(process.execPath, [fileURLToPath(new URL(`../../${entry}`, import.meta.url))], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const keep = (chunk: Buffer) => {
      output += chunk.toString();
      captureLog(chunk.toString());
      if (output.includes(ready)) resolve();
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    child.once('exit', (code) => reject(new Error(`${entry} arrêté (${code}) :\n${output}`)));
  });
  return { child, output: () => output };
}

async function stop({ child }: Running): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

let stack: FileStack;
let apiProcess: Running;
let workerProcess: Running;
let apiUrl: string;

beforeAll(async () => {
  stack = await setUpFile('personal-data-logs', { worker: false });
  const port = await freePort();
  apiUrl = `http://127.0.0.1:${port}`;
  [apiProcess, workerProcess] = await Promise.all([
    startProcess('api/main.ts', { ...stack.workerEnv, API_PORT: String(port) }, 'API prête'),
    startProcess('worker/main.ts', stack.workerEnv, 'worker prêt'),
  ]);
});
afterAll(async () => {
  for (const running of [apiProcess, workerProcess]) if (running) await stop(running);
  await stack?.teardown();
});

describe('the logs of the api and the worker', () => {
  it('hold none of the personal data of a registration taken to approval', async () => {
    const person = NAMED_PEOPLE.lucia;
    const data = registrationFor(person, '69');
    const email = `lucia.rossi.${Date.now()}@exemple.fr`;
    const api = apiClient(apiUrl);
    const token = await api.signUp(email, 'une phrase de passe longue', 'Lucia Rossi');
    await markEmailVerified(stack.db, email);
    const { body: created } = await api.post('/api/registrations', {}, token);
    const id = created.id as string;
    for (const section of ['identity', 'agrement', 'contact', 'availability'] as const) {
      const saved = await api.put(`/api/registrations/${id}/sections/${section}`, data[section], token);
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    }
    const bytes = await samplePdf();
    const prepared = await api.post(
      `/api/registrations/${id}/documents`,
      { fileName: 'agrement-lucia-rossi.pdf', contentType: 'application/pdf', size: bytes.length },
      token,
    );
    await postToS3(prepared.body.upload, bytes, 'agrement-lucia-rossi.pdf', 'application/pdf');
    await api.post(`/api/registrations/${id}/documents/${prepared.body.documentId}/verify`, {}, token);
    expect((await api.post(`/api/registrations/${id}/submit`, {}, token)).status).toBe(200);
    await waitForStatus(stack.db, id, 'in_moderation');

    // The paths that log: a body that does not parse (holding her NIR), a wrong password, a reset.
    const malformed = await fetch(`${apiUrl}/api/registrations/${id}/sections/identity`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: `{"nir": "${person.nir}", "birthName": "${person.birthName}"`,
    });
    expect(malformed.status).toBe(400);
    expect((await api.post('/api/auth/login', { email, password: 'pas le bon mot de passe' })).status).toBe(
      401,
    );
    expect((await api.post('/api/auth/password-reset', { email })).status).toBeLessThan(300);

    const moderator = await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' });
    const staff = await api.login(moderator.email, TEST_PASSWORD);
    expect((await api.get(`/api/staff/cases/${id}`, staff)).status).toBe(200); // her identity, read by staff
    expect((await api.post(`/api/staff/cases/${id}/claim`, {}, staff)).status).toBe(200);
    expect((await api.post(`/api/staff/cases/${id}/decision`, { kind: 'approve' }, staff)).status).toBe(200);
    await waitForStatus(stack.db, id, 'active');

    await Promise.all([stop(apiProcess), stop(workerProcess)]);
    const output = apiProcess.output() + workerProcess.output();
    expect(output).toContain('API prête');
    expect(output).toContain('worker prêt');
    const secrets = [
      person.nir,
      person.nir.replace(/\s/g, ''),
      person.birthName,
      person.firstNames[0]!,
      email,
      data.contact.phone,
      data.contact.address.line1,
      'lucia-rossi',
    ];
    for (const secret of secrets) expect(output.toLowerCase(), secret).not.toContain(secret.toLowerCase());
  });
});
