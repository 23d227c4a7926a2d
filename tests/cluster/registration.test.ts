/**
 * Her registration on the cluster stack, through the API process and two worker processes: the
 * upload goes to SeaweedFS with the presigned POST, the case to the PostgreSQL-backed Temporal
 * server; a moderator asks for a correction, she corrects, the moderator approves. Operators see the
 * case in Temporal's visibility (search attributes) and its Web UI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { MAX_DOCUMENT_BYTES } from '../../domain/documents.ts';
import { registrationWorkflowId } from '../../workflows/registration.ts';
import { NAMED_PEOPLE } from '../../stack/sngi-people.ts';
import { markEmailVerified } from '../support/accounts.ts';
import { apiClient, postToS3 } from '../support/api-client.ts';
import {
  createUser,
  registrationFor,
  samplePdf,
  storedKeys,
  TEST_PASSWORD,
  uniqueEmail,
  waitForStatus,
} from '../support/fixtures.ts';
import { setUpClusterFile, type ClusterFile } from './support.ts';

let stack: ClusterFile;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await setUpClusterFile('registration', { workers: 2, api: true });
  api = apiClient(stack.apiUrl);
});
afterAll(() => stack?.teardown());

/** A verified childminder with her four sections saved and her agrément uploaded to S3. */
async function readyToSubmit(person = NAMED_PEOPLE.camille) {
  const email = uniqueEmail();
  const token = await api.signUp(email, 'une phrase de passe longue', 'Camille');
  await markEmailVerified(stack.db, email);
  const { body } = await api.post('/api/registrations', {}, token);
  const id: string = body.id;
  const data = registrationFor(person);
  for (const section of ['identity', 'agrement', 'contact', 'availability'] as const) {
    const saved = await api.put(`/api/registrations/${id}/sections/${section}`, data[section], token);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  }
  const bytes = await samplePdf();
  const prepared = await api.post(
    `/api/registrations/${id}/documents`,
    { fileName: 'agrement.pdf', contentType: 'application/pdf', size: bytes.length },
    token,
  );
  expect(prepared.status, JSON.stringify(prepared.body)).toBe(201);
  expect(prepared.body.upload.url).toContain(stack.env.S3_PUBLIC_ENDPOINT);
  await postToS3(prepared.body.upload, bytes, 'agrement.pdf', 'application/pdf');
  const verified = await api.post(
    `/api/registrations/${id}/documents/${prepared.body.documentId}/verify`,
    {},
    token,
  );
  expect(verified.body.status, JSON.stringify(verified.body)).toBe('accepted');
  return { token, id, data };
}

/** Posts `bytes` with an upload's presigned policy, fields changed as given; returns S3's status and code. */
async function postWith(
  upload: { url: string; fields: Record<string, string> },
  bytes: Uint8Array,
  type: string,
  fields: Record<string, string> = {},
) {
  const form = new FormData();
  for (const [name, value] of Object.entries({ ...upload.fields, ...fields })) form.append(name, value);
  form.append('file', new Blob([bytes], { type }), 'agrement.pdf');
  const response = await fetch(upload.url, { method: 'POST', body: form });
  const text = await response.text();
  return { status: response.status, code: /<Code>(\w+)<\/Code>/.exec(text)?.[1] ?? '' };
}

async function moderatorSession() {
  const moderator = await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' });
  return api.login(moderator.email, TEST_PASSWORD);
}

describe('uploads to SeaweedFS with the policy the API signs', () => {
  it('refuses a file too large, of another type or for another key, unlike s3rver', async () => {
    const { token, id } = await readyToSubmit();
    const prepared = await api.post(
      `/api/registrations/${id}/documents`,
      { fileName: 'agrement.pdf', contentType: 'application/pdf', size: 1000 },
      token,
    );
    const upload = prepared.body.upload;
    const pdf = await samplePdf();
    const tooLarge = new Uint8Array(MAX_DOCUMENT_BYTES + 1);
    expect(await postWith(upload, tooLarge, 'application/pdf')).toMatchObject({
      status: 400,
      code: 'EntityTooLarge',
    });
    expect((await postWith(upload, pdf, 'image/png', { 'Content-Type': 'image/png' })).status).toBe(403);
    expect((await postWith(upload, pdf, 'application/pdf', { key: `documents/${id}/ailleurs` })).status).toBe(
      403,
    );
    expect((await postWith(upload, pdf, 'application/pdf')).status).toBe(204);
  });
});

describe('a registration on the cluster stack', () => {
  it('goes from submission to approval: SNGI check, document in S3, routing, decision', async () => {
    const { token, id } = await readyToSubmit();
    expect((await api.post(`/api/registrations/${id}/submit`, {}, token)).status).toBe(200);
    await waitForStatus(stack.db, id, 'in_moderation');
    // The accepted document left quarantine in SeaweedFS.
    expect((await storedKeys(stack.db, stack.storage, id)).every((key) => key.startsWith('documents/'))).toBe(
      true,
    );

    const staff = await moderatorSession();
    const view = await api.get(`/api/staff/cases/${id}`, staff);
    expect(view.body.identityCheck.outcome).toBe('certified');
    expect((await api.post(`/api/staff/cases/${id}/claim`, {}, staff)).status).toBe(200);
    const approved = await api.post(`/api/staff/cases/${id}/decision`, { kind: 'approve' }, staff);
    expect(approved.body.status, JSON.stringify(approved.body)).toBe('active');
    expect((await api.get(`/api/registrations/${id}`, token)).body.case.status).toBe('active');

    // Operators find it by its search attributes in the PostgreSQL visibility store, and in the Web UI.
    const workflowId = registrationWorkflowId(id);
    await expect
      .poll(async () => {
        const found: string[] = [];
        for await (const run of stack.temporal.workflow.list({
          query: `WorkflowId = '${workflowId}' AND PivotOffice = 'caf-69'`,
        }))
          found.push(run.workflowId);
        return found;
      })
      .toEqual([workflowId]);
    const ui = inject('cluster').temporalUiUrl;
    const fromUi = await fetch(
      `${ui}/api/v1/namespaces/${stack.env.TEMPORAL_NAMESPACE}/workflows/${encodeURIComponent(workflowId)}`,
    );
    expect(fromUi.status).toBe(200);
  });

  it('runs the correction loop: asked, corrected, resubmitted, approved', async () => {
    const { token, id, data } = await readyToSubmit(NAMED_PEOPLE.ana);
    await api.post(`/api/registrations/${id}/submit`, {}, token);
    await waitForStatus(stack.db, id, 'in_moderation');
    const staff = await moderatorSession();
    await api.post(`/api/staff/cases/${id}/claim`, {}, staff);
    const asked = await api.post(
      `/api/staff/cases/${id}/decision`,
      {
        kind: 'request_correction',
        reasonCode: 'incorrect',
        message: 'Le numéro d’agrément ne correspond pas.',
        fields: ['agrement'],
      },
      staff,
    );
    expect(asked.body.status, JSON.stringify(asked.body)).toBe('correction_requested');
    const mine = await api.get(`/api/registrations/${id}`, token);
    expect(mine.body.correction).toMatchObject({ reasonCode: 'incorrect', fields: ['agrement'] });

    const corrected = { ...data.agrement, number: 'AG-69-2023-0043' };
    expect((await api.put(`/api/registrations/${id}/sections/agrement`, corrected, token)).status).toBe(200);
    expect((await api.post(`/api/registrations/${id}/resubmit`, {}, token)).status).toBe(200);
    await waitForStatus(stack.db, id, 'in_moderation');
    const approved = await api.post(`/api/staff/cases/${id}/decision`, { kind: 'approve' }, staff);
    expect(approved.body.status, JSON.stringify(approved.body)).toBe('active');

    const events: string[] = await stack
      .db('case_events')
      .where({ registration_id: id })
      .orderBy('seq')
      .pluck('type');
    expect(events.filter((type) => type === 'correction_requested')).toHaveLength(1);
    expect(events.filter((type) => type === 'approved')).toHaveLength(1);
    const audit = await stack.db('audit_log').where({ target_id: id }).orderBy('id').pluck('action');
    expect(audit).toEqual(
      expect.arrayContaining([
        'registration.submitted',
        'case.request_correction',
        'registration.resubmitted',
        'case.approve',
      ]),
    );
  });
});
