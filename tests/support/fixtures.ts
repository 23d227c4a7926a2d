/** Test data: accounts, a complete registration for a synthetic person, sample files, waiting helpers. */
import { randomUUID } from 'node:crypto';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import { inject } from 'vitest';
import { hashPassword } from '../../api/auth/passwords.ts';
import { sealTotpSecret } from '../../api/auth/totp.ts';
import type { Actor } from '../../domain/case-rules.ts';
import type { CaseStatus } from '../../domain/case-status.ts';
import type { RegistrationData } from '../../domain/registration.ts';
import type { Db } from '../../infra/db.ts';
import { readKeyRing, type KeyRing } from '../../infra/keys.ts';
import { quarantineKey, type Storage } from '../../infra/s3.ts';
import { identityColumns } from '../../infra/sealed-nir.ts';
import { NAMED_PEOPLE, type SngiPerson } from '../../stack/sngi-people.ts';
import { waitFor } from '../../stack/wait.ts';
import { recordContact, recordPerson } from './personal-data-scan.ts';
import { TEST_TOTP_SECRET } from './accounts.ts';

let counter = 0;
export function uniqueEmail(prefix = 'assmat'): string {
  counter += 1;
  return `${prefix}.${Date.now().toString(36)}.${counter}@exemple.test`;
}

export const TEST_PASSWORD = 'un mot de passe assez long';
let passwordHash: Promise<string> | null = null;

/**
 * An account ready to sign in with TEST_PASSWORD; staff also have their second factor enrolled with
 * TEST_TOTP_SECRET. A supervisor is national unless `officeIds` lists the offices she oversees.
 */
/** The keys the api under test opens secrets with (set by setUpFile, or tests/cluster/support.ts). */
export function testKeys(): KeyRing {
  return readKeyRing(process.env.DATA_KEYS ? process.env : inject('stack').dataKeys);
}

export async function createUser(
  db: Db,
  options: {
    role?: Actor['role'];
    officeId?: string | null;
    officeIds?: string[];
    email?: string;
    name?: string;
    /** A relay agent's relay. */
    relayId?: string;
    /** A département agent's département ('69' by default). */
    departementCode?: string;
  } = {},
): Promise<{ id: string; email: string; actor: Actor }> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const role = options.role ?? 'childminder';
  const email = options.email ?? uniqueEmail(role);
  const national = role === 'supervisor' && !options.officeIds;
  const [user] = await db('users')
    .insert({
      email,
      email_normalized: email.toLowerCase(),
      password_hash: await passwordHash,
      role,
      office_id: role === 'moderator' ? (options.officeId ?? 'caf-69') : null,
      relay_id: role === 'relay' ? options.relayId : null,
      national,
      display_name: options.name ?? `${role} de test`,
      departement_code: role === 'departement_agent' ? (options.departementCode ?? '69') : null,
      email_verified_at: db.fn.now(),
      ...(role === 'childminder'
        ? {}
        : { totp_secret: sealTotpSecret(testKeys(), TEST_TOTP_SECRET), totp_enrolled_at: db.fn.now() }),
    })
    .returning('id');
  if (role === 'supervisor' && options.officeIds?.length)
    await db('supervisor_offices').insert(
      options.officeIds.map((office_id) => ({ user_id: user.id, office_id })),
    );
  const officeIds =
    role === 'moderator'
      ? [options.officeId ?? 'caf-69']
      : role === 'supervisor'
        ? (options.officeIds ?? (await db('offices').orderBy('id').pluck('id')))
        : [];
  return { id: user.id, email, actor: { userId: user.id, role, officeIds } };
}

/** A complete, valid registration for a person known to the SNGI simulator (Camille, Lyon, by default). */
export function registrationFor(
  person: SngiPerson = NAMED_PEOPLE.camille,
  departement = '69',
): RegistrationData {
  const [year, month, day] = person.birthDate.split('-').map(Number) as [number, number, number];
  const foreign = person.birthPlaceCode.startsWith('99');
  const data: RegistrationData = {
    identity: {
      birthName: person.birthName,
      usageName: null,
      firstNames: person.firstNames,
      sex: person.sex,
      birthDate: { year, month: month || null, day: day || null },
      birthPlace: foreign
        ? { kind: 'abroad', countryCode: person.birthPlaceCode, countryName: 'Portugal' }
        : { kind: 'france', communeCode: person.birthPlaceCode, communeName: 'Lyon 3e Arrondissement' },
      nir: person.nir,
    },
    agrement: {
      number: `AG-${departement}-${Date.now().toString(36)}-${++counter}`,
      decisionDate: '2023-09-01',
      expiryDate: '2028-08-31',
      departement,
      capacity: 3,
      capacityException: false,
      workplace: 'home',
      mamName: null,
    },
    contact: {
      address: {
        line1: '12 rue de la République',
        line2: null,
        postalCode: '69003',
        communeCode: '69383',
        communeName: 'Lyon 3e Arrondissement',
      },
      phone: '06 12 34 56 78',
      email: 'contact@exemple.test',
      publication: { showAddress: false, showPhone: true, showEmail: true },
    },
    availability: {
      status: 'available',
      from: '2026-12-01',
      places: { under3: 1, from3to6: 1, over6: 0 },
      slots: [{ day: 'mon', start: '07:30', end: '18:30' }],
    },
  };
  // What the file's personal-data scan looks for (tests/support/personal-data-scan.ts).
  recordPerson(person);
  recordContact(data.contact);
  return data;
}

export async function insertRegistration(
  db: Db,
  userId: string,
  data: Partial<RegistrationData>,
): Promise<string> {
  // Her id chosen here, so that her NIR is sealed under it on the way in (infra/sealed-nir.ts).
  const id = randomUUID();
  const [row] = await db('registrations')
    .insert({
      id,
      user_id: userId,
      ...(data.identity ? identityColumns(testKeys(), data.identity, id) : {}),
      agrement: data.agrement ? JSON.stringify(data.agrement) : null,
      contact: data.contact ? JSON.stringify(data.contact) : null,
      availability: data.availability ? JSON.stringify(data.availability) : null,
    })
    .returning('id');
  return row.id;
}

/** A one-page PDF, as a scanner would produce. */
export async function samplePdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  page.drawText('Attestation d’agrément — assistante maternelle'.replace('’', "'"), {
    x: 50,
    y: 780,
    size: 16,
    font: await pdf.embedFont(StandardFonts.Helvetica),
  });
  return pdf.save();
}

export async function samplePng(): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 200, g: 220, b: 255 } } })
      .png()
      .toBuffer(),
  );
}

/** A Windows executable's first bytes: what a file renamed ".pdf" may really be. */
export function notAPdf(): Uint8Array {
  return new TextEncoder().encode('MZ\x90\x00 this is not a PDF at all, whatever its name says');
}

/** Puts bytes in quarantine and records the document, as the browser's presigned POST would. */
export async function placeUpload(
  db: Db,
  storage: Storage,
  registrationId: string,
  bytes: Uint8Array,
  contentType = 'application/pdf',
): Promise<string> {
  const id = crypto.randomUUID();
  const key = quarantineKey(registrationId, id);
  await storage.client.putObject(storage.bucket, key, Buffer.from(bytes), bytes.length);
  await db('documents').insert({
    id,
    registration_id: registrationId,
    object_key: key,
    file_name: 'agrement.pdf',
    content_type: contentType,
  });
  return id;
}

/** Waits until the projection shows `status` (the workflow writes it asynchronously). */
export async function waitForStatus(
  db: Db,
  registrationId: string,
  status: CaseStatus,
  timeoutMs = 30_000,
): Promise<void> {
  await waitFor(`le statut ${status}`, timeoutMs, async () => {
    const row = await db('cases').where({ registration_id: registrationId }).first('status');
    if (row?.status !== status) throw new Error(`statut actuel : ${row?.status ?? 'aucun'}`);
  });
}

/** Emails caught by the SMTP catcher for one recipient, newest first. */
export async function mailsTo(
  mailboxUrl: string,
  to: string,
): Promise<Array<{ subject: string; text: string }>> {
  const response = await fetch(`${mailboxUrl}/messages?to=${encodeURIComponent(to)}`);
  return response.json() as Promise<Array<{ subject: string; text: string }>>;
}

/**
 * The objects S3 holds for a registration's documents, in quarantine or accepted. Checked key by key
 * (statObject): listing would walk s3rver's whole bucket directory while other test files write to it.
 */
export async function storedKeys(db: Db, storage: Storage, registrationId: string): Promise<string[]> {
  const ids: string[] = await db('documents').where({ registration_id: registrationId }).pluck('id');
  const candidates = ids.flatMap((id) => [
    quarantineKey(registrationId, id),
    `documents/${registrationId}/${id}`,
  ]);
  const present = await Promise.all(candidates.map((key) => isStored(storage, key)));
  return candidates.filter((_, i) => present[i]).sort();
}

/** Whether S3 holds this object (statObject: listing would walk the whole shared bucket). */
export function isStored(storage: Storage, key: string): Promise<boolean> {
  return storage.client.statObject(storage.bucket, key).then(
    () => true,
    (error: { code?: string }) => {
      if (error.code === 'NotFound' || error.code === 'NoSuchKey') return false;
      throw error;
    },
  );
}
