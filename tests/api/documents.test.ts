/** The upload flow: presigned POST straight to S3, then verification by the workflow's activity. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markEmailVerified } from '../support/accounts.ts';
import { apiClient, postToS3 } from '../support/api-client.ts';
import { MAX_DOCUMENTS_PER_CASE } from '../../domain/documents.ts';
import { notAPdf, samplePdf, samplePng, storedKeys, uniqueEmail } from '../support/fixtures.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await setUpFile('api-documents', { api: true });
  api = apiClient(stack.apiUrl);
});
afterAll(() => stack?.teardown());

async function childminderWithRegistration() {
  const email = uniqueEmail();
  const token = await api.signUp(email, 'une phrase de passe longue', 'A');
  // Uploads need a confirmed address (tested below); the link itself in accounts-verification.test.ts.
  await markEmailVerified(stack.db, email);
  const registration = await api.post('/api/registrations', {}, token);
  return { token, registrationId: registration.body.id as string };
}

async function upload(
  token: string,
  registrationId: string,
  bytes: Uint8Array,
  fileName: string,
  contentType: string,
) {
  const prepared = await api.post(
    `/api/registrations/${registrationId}/documents`,
    { fileName, contentType, size: bytes.length },
    token,
  );
  expect(prepared.status).toBe(201);
  await postToS3(prepared.body.upload, bytes, fileName, contentType);
  return api.post(
    `/api/registrations/${registrationId}/documents/${prepared.body.documentId}/verify`,
    {},
    token,
  );
}

describe('copies of the agrément', () => {
  it('accepts a PDF uploaded with the presigned POST and moves it out of quarantine', async () => {
    const { token, registrationId } = await childminderWithRegistration();
    const verified = await upload(
      token,
      registrationId,
      await samplePdf(),
      'agrement.pdf',
      'application/pdf',
    );
    expect(verified.body).toEqual({ status: 'accepted' });
    const document = await stack.db('documents').where({ registration_id: registrationId }).first();
    expect(document.object_key).toBe(`documents/${registrationId}/${document.id}`);
    expect(await storedKeys(stack.db, stack.storage, registrationId)).toEqual([document.object_key]);
    const content = await fetch(
      `${stack.apiUrl}/api/registrations/${registrationId}/documents/${document.id}/content`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    expect(content.headers.get('content-type')).toBe('application/pdf');
    expect(new TextDecoder().decode((await content.arrayBuffer()).slice(0, 5))).toBe('%PDF-');
  });

  it('accepts a PNG image', async () => {
    const { token, registrationId } = await childminderWithRegistration();
    const verified = await upload(token, registrationId, await samplePng(), 'page1.png', 'image/png');
    expect(verified.body.status).toBe('accepted');
  });

  it('refuses a file that is not a PDF although named .pdf, and keeps nothing of it', async () => {
    const { token, registrationId } = await childminderWithRegistration();
    const verified = await upload(token, registrationId, notAPdf(), 'agrement.pdf', 'application/pdf');
    expect(verified.body).toMatchObject({ status: 'refused', reason: 'wrong_type' });
    expect(verified.body.message).toMatch(/ni un PDF/);
    expect(await storedKeys(stack.db, stack.storage, registrationId)).toEqual([]);
    const row = await stack.db('documents').where({ registration_id: registrationId }).first();
    expect(row).toMatchObject({ status: 'refused', refusal_code: 'wrong_type' });
  });

  it('refuses an unsupported format or an oversized file before any upload', async () => {
    const { token, registrationId } = await childminderWithRegistration();
    const word = await api.post(
      `/api/registrations/${registrationId}/documents`,
      { fileName: 'a.docx', contentType: 'application/msword', size: 100 },
      token,
    );
    expect(word.status).toBe(422);
    expect(word.body.errors[0]).toMatchObject({
      path: 'contentType',
      message: 'Formats acceptés : PDF, JPEG ou PNG.',
    });
    const huge = await api.post(
      `/api/registrations/${registrationId}/documents`,
      { fileName: 'a.pdf', contentType: 'application/pdf', size: 11 * 1024 * 1024 },
      token,
    );
    expect(huge.status).toBe(422);
    expect(huge.body.errors[0].path).toBe('size');
  });

  it('refuses to verify a document that never reached S3', async () => {
    const { token, registrationId } = await childminderWithRegistration();
    const prepared = await api.post(
      `/api/registrations/${registrationId}/documents`,
      { fileName: 'a.pdf', contentType: 'application/pdf', size: 10 },
      token,
    );
    const verified = await api.post(
      `/api/registrations/${registrationId}/documents/${prepared.body.documentId}/verify`,
      {},
      token,
    );
    expect(verified.body).toMatchObject({ status: 'refused', reason: 'missing' });
  });

  it('counts uploads still pending toward the limit: no presigned URL past it', async () => {
    const { token, registrationId } = await childminderWithRegistration();
    const ask = () =>
      api.post(
        `/api/registrations/${registrationId}/documents`,
        { fileName: 'a.pdf', contentType: 'application/pdf', size: 1000 },
        token,
      );
    for (let i = 0; i < MAX_DOCUMENTS_PER_CASE; i++) expect((await ask()).status).toBe(201);
    const refused = await ask();
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('too_many_documents');
    expect(refused.body.upload).toBeUndefined();
    // Once their upload window has passed, pending uploads no longer hold a place.
    await stack
      .db('documents')
      .where({ registration_id: registrationId })
      .update({ created_at: new Date(Date.now() - 16 * 60_000) });
    expect((await ask()).status).toBe(201);
  });

  it('refuses uploads until her address is confirmed', async () => {
    const token = await api.signUp(uniqueEmail('non-confirmee'), 'une phrase de passe longue');
    const registrationId = (await api.post('/api/registrations', {}, token)).body.id;
    const prepared = await api.post(
      `/api/registrations/${registrationId}/documents`,
      { fileName: 'a.pdf', contentType: 'application/pdf', size: 1000 },
      token,
    );
    expect(prepared.status).toBe(409);
    expect(prepared.body.code).toBe('email_not_verified');
    expect(await stack.db('documents').where({ registration_id: registrationId })).toEqual([]);
  });
});
