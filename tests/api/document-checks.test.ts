/**
 * What the verification activity refuses, on the real S3 and the case's workflow: every refusal kind
 * with a fixture that fails for that reason only (files made to exhaust the check among them), files
 * stored without their metadata, and removing a copy until the decision.
 */
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseCommands } from '../../api/cases/commands.ts';
import { Problem } from '../../api/problem.ts';
import { CASE_RULES, MAX_UPLOADS_PER_DAY } from '../../domain/case-rules.ts';
import { MAX_DOCUMENT_BYTES } from '../../domain/documents.ts';
import { apiClient, postToS3 } from '../support/api-client.ts';
import { damagedStreamPdf, encryptedPdf, plainPdf, truncatedPdf } from '../support/childminder.ts';
import {
  inflatingPdf,
  jpegBomb,
  manyPagesPdf,
  objectStreamBombPdf,
  pdfWithMetadata,
  pngBomb,
  scanJpeg,
} from '../faults/support/hostile-files.ts';
import {
  createUser,
  insertRegistration,
  notAPdf,
  placeUpload,
  registrationFor,
  samplePdf,
  storedKeys,
  TEST_PASSWORD,
  waitForStatus,
} from '../support/fixtures.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await setUpFile('api-document-checks', { api: true });
  api = apiClient(stack.apiUrl);
});
afterAll(() => stack?.teardown());

async function childminder() {
  const owner = await createUser(stack.db);
  const registrationId = await insertRegistration(stack.db, owner.id, registrationFor());
  return { owner, registrationId, token: await api.login(owner.email, TEST_PASSWORD) };
}

/** The browser's path: the API signs a POST, the bytes go to S3, then the workflow verifies them. */
async function upload(bytes: Uint8Array, fileName: string, contentType: string) {
  const { token, registrationId } = await childminder();
  const prepared = await api.post(
    `/api/registrations/${registrationId}/documents`,
    { fileName, contentType, size: bytes.length },
    token,
  );
  expect(prepared.status).toBe(201);
  await postToS3(prepared.body.upload, bytes, fileName, contentType);
  const verified = await api.post(
    `/api/registrations/${registrationId}/documents/${prepared.body.documentId}/verify`,
    {},
    token,
  );
  return { ...verified.body, registrationId, documentId: prepared.body.documentId as string };
}

/** Bytes the presigned POST would not let through (empty, oversized), put in quarantine directly. */
async function verifyPlaced(bytes: Uint8Array) {
  const { token, registrationId } = await childminder();
  const documentId = await placeUpload(stack.db, stack.storage, registrationId, bytes);
  const verified = await api.post(
    `/api/registrations/${registrationId}/documents/${documentId}/verify`,
    {},
    token,
  );
  return { ...verified.body, registrationId, documentId };
}

async function storedObjects(registrationId: string) {
  return storedKeys(stack.db, stack.storage, registrationId);
}

async function storedBytes(registrationId: string, documentId: string): Promise<Buffer> {
  const stream = await stack.storage.client.getObject(
    stack.storage.bucket,
    `documents/${registrationId}/${documentId}`,
  );
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function jpegOf(width: number, height: number) {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7919) % 251;
  return sharp(pixels, { raw: { width, height, channels: 3 } });
}

describe('the checks of a copy of the agrément', () => {
  it('accepts a sound PDF made the way the fixtures below are', async () => {
    expect((await upload(plainPdf(), 'agrement.pdf', 'application/pdf')).status).toBe('accepted');
  });

  it('refuses a file whose bytes are not PDF, JPEG or PNG, whatever its name and declared type', async () => {
    const exe = await upload(notAPdf(), 'agrement.pdf', 'application/pdf');
    expect(exe).toMatchObject({ status: 'refused', reason: 'wrong_type' });
    const text = await upload(new TextEncoder().encode('page 1 : agrément'), 'scan.jpg', 'image/jpeg');
    expect(text).toMatchObject({ status: 'refused', reason: 'wrong_type' });
    expect(await storedObjects(text.registrationId)).toHaveLength(0);
  });

  it('refuses an empty file', async () => {
    const empty = await verifyPlaced(new Uint8Array(0));
    expect(empty).toMatchObject({ status: 'refused', reason: 'empty', message: 'Le fichier est vide.' });
  });

  it('refuses a file over 10 Mo without reading it', async () => {
    const pdf = await samplePdf();
    const oversized = new Uint8Array(MAX_DOCUMENT_BYTES + 1);
    oversized.set(pdf);
    const verdict = await verifyPlaced(oversized);
    expect(verdict).toMatchObject({ status: 'refused', reason: 'too_large' });
    expect(await storedObjects(verdict.registrationId)).toHaveLength(0);
  });

  it('refuses a PDF cut short, which the PDF library alone would have loaded', async () => {
    const truncated = truncatedPdf();
    expect((await PDFDocument.load(truncated)).getPageCount()).toBe(1); // lenient: hence our own check
    expect(await upload(truncated, 'agrement.pdf', 'application/pdf')).toMatchObject({
      status: 'refused',
      reason: 'corrupt',
    });
  });

  it('refuses a PDF whose page content is damaged', async () => {
    const damaged = damagedStreamPdf();
    expect((await PDFDocument.load(damaged)).getPageCount()).toBe(1);
    expect(await upload(damaged, 'agrement.pdf', 'application/pdf')).toMatchObject({
      status: 'refused',
      reason: 'corrupt',
    });
  });

  it('refuses a password-protected PDF, and says so rather than "damaged"', async () => {
    const encrypted = encryptedPdf();
    const verdict = await upload(encrypted, 'agrement.pdf', 'application/pdf');
    expect(verdict).toMatchObject({ status: 'refused', reason: 'encrypted' });
    expect(verdict.message).toMatch(/protégé par un mot de passe/);
    // The page content really is encrypted: the text is not there in clear.
    expect(Buffer.from(encrypted).includes('Attestation')).toBe(false);
    expect(Buffer.from(plainPdf()).includes('Attestation')).toBe(true);
  });

  it('refuses images that do not decode: a damaged PNG, a truncated JPEG', async () => {
    const png = await (await jpegOf(200, 150)).png().toBuffer();
    const damagedPng = Buffer.concat([png.subarray(0, 100), Buffer.alloc(400, 0x41), png.subarray(500)]);
    expect(await upload(damagedPng, 'page.png', 'image/png')).toMatchObject({
      status: 'refused',
      reason: 'corrupt',
    });
    const jpeg = await (await jpegOf(200, 150)).jpeg().toBuffer();
    const truncated = jpeg.subarray(0, Math.floor(jpeg.length / 2));
    expect(await upload(truncated, 'page.jpg', 'image/jpeg')).toMatchObject({
      status: 'refused',
      reason: 'corrupt',
    });
  });

  it('stores an accepted photo re-encoded without its EXIF metadata', async () => {
    const photo = await (
      await jpegOf(320, 240)
    )
      .jpeg()
      .withExif({ IFD0: { Artist: 'Camille DUPONT', Copyright: 'Appareil de Camille' } })
      .toBuffer();
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    expect(photo.includes('Camille DUPONT')).toBe(true);

    const verdict = await upload(photo, 'photo-agrement.jpg', 'image/jpeg');
    expect(verdict.status).toBe('accepted');
    const stored = await storedBytes(verdict.registrationId, verdict.documentId);
    const metadata = await sharp(stored).metadata();
    expect(metadata.format).toBe('jpeg');
    expect(metadata.exif).toBeUndefined();
    expect(stored.includes('Camille DUPONT')).toBe(false);
    expect(stored.includes('Exif')).toBe(false);
  });
});

describe('files made to exhaust the check', () => {
  it('refuses a PDF whose pages inflate to 4 GiB from 4 MB, within its budget, and says why', async () => {
    const verdict = await upload(inflatingPdf(4), 'agrement.pdf', 'application/pdf');
    expect(verdict).toMatchObject({ status: 'refused', reason: 'too_complex' });
    expect(verdict.message).toMatch(/trop lourd à vérifier/);
    expect(await storedObjects(verdict.registrationId)).toHaveLength(0);
  });

  it('refuses a PDF whose object stream, which the PDF library inflates whole, is a bomb', async () => {
    const verdict = await upload(objectStreamBombPdf(), 'agrement.pdf', 'application/pdf');
    expect(verdict).toMatchObject({ status: 'refused', reason: 'too_complex' });
  });

  it('refuses a PDF of more than 50 pages', async () => {
    expect(await upload(await manyPagesPdf(51), 'agrement.pdf', 'application/pdf')).toMatchObject({
      status: 'refused',
      reason: 'too_complex',
    });
    expect((await upload(await manyPagesPdf(50), 'agrement.pdf', 'application/pdf')).status).toBe('accepted');
  });

  it('refuses images declaring more pixels than an A4 page at 600 dpi, and accepts that page', async () => {
    const png = await upload(pngBomb(20_000), 'page.png', 'image/png');
    expect(png).toMatchObject({ status: 'refused', reason: 'image_too_large' });
    expect(png.message).toMatch(/600 ppp/);
    expect(await upload(await jpegBomb(), 'page.jpg', 'image/jpeg')).toMatchObject({
      status: 'refused',
      reason: 'image_too_large',
    });
    // 210 × 297 mm at 600 dpi: 4,961 × 7,016 pixels, and not one row more.
    expect((await upload(await scanJpeg(4961, 7016), 'scan.jpg', 'image/jpeg')).status).toBe('accepted');
    expect(await upload(await scanJpeg(4961, 7017), 'scan.jpg', 'image/jpeg')).toMatchObject({
      status: 'refused',
      reason: 'image_too_large',
    });
  });

  it('stores an accepted PDF rewritten without its Info dictionary and XMP metadata', async () => {
    const original = await pdfWithMetadata('Camille DUPONT');
    expect(Buffer.from(original).includes('Camille DUPONT')).toBe(true);
    expect(Buffer.from(original).includes('x:xmpmeta')).toBe(true);
    const verdict = await upload(original, 'agrement.pdf', 'application/pdf');
    expect(verdict.status).toBe('accepted');
    const stored = await storedBytes(verdict.registrationId, verdict.documentId);
    for (const trace of ['Camille DUPONT', 'x:xmpmeta', '/Info', '/Author', '/Metadata'])
      expect(stored.includes(trace), trace).toBe(false);
    const reread = await PDFDocument.load(stored);
    expect(reread.getPageCount()).toBe(1);
    expect(reread.getAuthor()).toBeUndefined();
  });
});

describe('a day of uploads', () => {
  it('checks 30 files a day, then refuses more with a French message and a code, the case unchanged', async () => {
    const { owner, registrationId } = await childminder();
    const commands = caseCommands(stack.deps);
    const attach = async (bytes: Uint8Array) =>
      commands.attachDocument(
        registrationId,
        owner.id,
        owner.actor,
        await placeUpload(stack.db, stack.storage, registrationId, bytes),
      );
    // Refused files count too: a case's history is not a place to try files endlessly.
    for (let i = 0; i < MAX_UPLOADS_PER_DAY - 1; i++)
      expect((await attach(notAPdf())).status).toBe('refused');
    expect((await attach(plainPdf())).status).toBe('accepted');
    const refused = await attach(plainPdf()).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Problem);
    expect(refused).toMatchObject({
      status: 409,
      code: 'too_many_uploads',
      message: CASE_RULES.too_many_uploads,
    });
    const accepted = await stack
      .db('documents')
      .where({ registration_id: registrationId, status: 'accepted' });
    expect(accepted).toHaveLength(1);
  });
});

describe('removing a copy until the decision', () => {
  it('removes a copy (and its file); refuses to remove the last one while the CAF examines the case', async () => {
    const { owner, registrationId, token } = await childminder();
    const commands = caseCommands(stack.deps);
    const first = await placeUpload(stack.db, stack.storage, registrationId, await samplePdf());
    const second = await placeUpload(stack.db, stack.storage, registrationId, plainPdf());
    await commands.attachDocument(registrationId, owner.id, owner.actor, first);
    await commands.attachDocument(registrationId, owner.id, owner.actor, second);
    await commands.submit(registrationId, owner.id, owner.actor);
    await waitForStatus(stack.db, registrationId, 'in_moderation');

    const removed = await api.post(
      `/api/registrations/${registrationId}/documents/${first}/remove`,
      {},
      token,
    );
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ status: 'removed', acceptedDocuments: 1 });
    expect((await stack.db('documents').where({ id: first }).first()).status).toBe('removed');
    expect(await storedObjects(registrationId)).toEqual([`documents/${registrationId}/${second}`]);
    const event = await stack
      .db('case_events')
      .where({ registration_id: registrationId, type: 'document_removed' })
      .first();
    expect(event.data).toEqual({ documentId: first });
    expect(
      await stack.db('audit_log').where({ action: 'document.removed', target_id: first }).first(),
    ).toBeDefined();

    const last = await api.post(`/api/registrations/${registrationId}/documents/${second}/remove`, {}, token);
    expect(last.status).toBe(409);
    expect(last.body.code).toBe('last_document');
    expect((await stack.db('documents').where({ id: second }).first()).status).toBe('accepted');

    const stranger = await api.login((await createUser(stack.db)).email, TEST_PASSWORD);
    const other = await api.post(
      `/api/registrations/${registrationId}/documents/${second}/remove`,
      {},
      stranger,
    );
    expect(other.status).toBe(404);
  });

  it('refuses any removal once the case is decided', async () => {
    const { owner, registrationId, token } = await childminder();
    const commands = caseCommands(stack.deps);
    const moderator = (await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' })).actor;
    const documentId = await placeUpload(stack.db, stack.storage, registrationId, await samplePdf());
    await commands.attachDocument(registrationId, owner.id, owner.actor, documentId);
    const extra = await placeUpload(stack.db, stack.storage, registrationId, plainPdf());
    await commands.attachDocument(registrationId, owner.id, owner.actor, extra);
    await commands.submit(registrationId, owner.id, owner.actor);
    await waitForStatus(stack.db, registrationId, 'in_moderation');
    await commands.claim(registrationId, moderator);
    await commands.decide(registrationId, { actor: moderator, kind: 'approve', messageId: null });
    const refused = await api.post(
      `/api/registrations/${registrationId}/documents/${extra}/remove`,
      {},
      token,
    );
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('case_closed');
  });
});
