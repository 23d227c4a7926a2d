/**
 * Test helpers for her life after activation: an approved childminder through the real registration
 * path, her changes as the API makes them, and PDF fixtures a lenient parser would let through.
 */
import { createHash } from 'node:crypto';
import { tsToMs } from '@temporalio/common/lib/time.js';
import { caseCommands } from '../../api/cases/commands.ts';
import { findRegistration } from '../../api/cases/read-model.ts';
import { proposeProfileChange } from '../../api/cases/profile-changes.ts';
import type { Actor } from '../../domain/case-rules.ts';
import type { RegistrationPolicy } from '../../domain/policy.ts';
import type { RegistrationData, Section } from '../../domain/registration.ts';
import { NAMED_PEOPLE } from '../../stack/sngi-people.ts';
import { waitFor } from '../../stack/wait.ts';
import { childminderWorkflowId } from '../../workflows/childminder.ts';
import {
  createUser,
  insertRegistration,
  placeUpload,
  registrationFor,
  samplePdf,
  waitForStatus,
} from './fixtures.ts';
import { TEST_POLICY, type FileStack } from './stack.ts';

/** Deadlines `seconds` from now (ISO instants), for a lifecycle policy. */
export function deadlinesIn(...seconds: number[]): string[] {
  return seconds.map((s) => new Date(Date.now() + s * 1000).toISOString());
}

/**
 * A registration policy whose lifecycle has these deadlines and reminds `reminderBeforeMs` ahead,
 * spread over `reminderSpreadMs` after that (none when absent).
 */
export function policyWith(
  deadlines: string[],
  reminderBeforeMs = 2000,
  reminderSpreadMs?: number,
): RegistrationPolicy {
  return {
    ...TEST_POLICY,
    lifecycle: {
      declarationDeadlines: deadlines,
      declarationReminderBeforeMs: reminderBeforeMs,
      ...(reminderSpreadMs ? { declarationReminderSpreadMs: reminderSpreadMs } : {}),
    },
  };
}

/** A childminder approved by the pivot CAF's moderator, her lifecycle running. */
export async function activeChildminder(
  stack: FileStack,
  moderator: Actor,
  options: { policy?: RegistrationPolicy; data?: RegistrationData } = {},
) {
  const commands = caseCommands({ ...stack.deps, policy: options.policy ?? policyWith([]) });
  const owner = await createUser(stack.db);
  const registrationId = await insertRegistration(
    stack.db,
    owner.id,
    options.data ?? registrationFor(NAMED_PEOPLE.camille),
  );
  const documentId = await placeUpload(stack.db, stack.storage, registrationId, await samplePdf());
  await commands.attachDocument(registrationId, owner.id, owner.actor, documentId);
  await commands.submit(registrationId, owner.id, owner.actor);
  await waitForStatus(stack.db, registrationId, 'in_moderation');
  await commands.claim(registrationId, moderator);
  await commands.decide(registrationId, { actor: moderator, kind: 'approve', messageId: null });
  await waitFor('le suivi de ses déclarations', 15_000, async () => {
    const row = await stack.db('declaration_status').where({ registration_id: registrationId }).first();
    if (!row) throw new Error('pas encore écrit');
  });
  return { owner, registrationId, commands };
}

/**
 * Waits until `instant` has passed and her lifecycle has nothing due left in hand: no timer set for
 * an instant already past (reached and not yet handled), no activity, no workflow task. A lifecycle
 * that kept her timers reaches them and writes what they tell before this returns.
 */
export async function lifecycleSettledPast(
  stack: FileStack,
  registrationId: string,
  instant: number,
): Promise<void> {
  const handle = () => stack.temporal.workflow.getHandle(childminderWorkflowId(registrationId));
  await waitFor('son cycle de vie passé les échéances', 60_000, async () => {
    if (Date.now() < instant) throw new Error('échéance pas encore passée');
    const events = (await handle().fetchHistory()).events ?? [];
    const due = new Map<string, number>();
    for (const event of events) {
      const started = event.timerStartedEventAttributes;
      if (started?.timerId)
        due.set(started.timerId, tsToMs(event.eventTime) + tsToMs(started.startToFireTimeout));
      if (event.timerFiredEventAttributes?.timerId) due.delete(event.timerFiredEventAttributes.timerId);
      if (event.timerCanceledEventAttributes?.timerId) due.delete(event.timerCanceledEventAttributes.timerId);
    }
    const late = [...due.values()].filter((at) => at <= Date.now()).length;
    if (late > 0) throw new Error(`${late} minuterie(s) échue(s) pas encore traitée(s)`);
    const { raw } = await handle().describe();
    if ((raw.pendingActivities?.length ?? 0) > 0 || raw.pendingWorkflowTask)
      throw new Error('une étape encore en cours');
  });
}

/** Her change of one section, exactly as the API route makes it. */
export async function changeSection(
  stack: FileStack,
  registrationId: string,
  actor: Actor,
  section: Section,
  value: unknown,
) {
  const registration = await findRegistration(stack.db, stack.deps.keys, registrationId);
  if (!registration) throw new Error(`Dossier ${registrationId} introuvable`);
  return proposeProfileChange(stack.deps, caseCommands(stack.deps), registration, actor, section, value);
}

/** The profile parents see now. */
export async function publishedProfile(stack: FileStack, registrationId: string) {
  const row = await stack.db('public_profiles').where({ registration_id: registrationId }).first('profile');
  return row?.profile;
}

/** A one-page PDF written by hand, so that each fixture below controls every byte. */
function handmadePdf(content: Buffer, extraTrailer = '', extraObjects: string[] = []): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
    Buffer.concat([
      Buffer.from(`<< /Length ${content.length} >>\nstream\n`, 'latin1'),
      content,
      Buffer.from('\nendstream', 'latin1'),
    ]),
    ...extraObjects,
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let length = parts[0]!.length;
  objects.forEach((body, i) => {
    const chunk = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`, 'latin1'),
      typeof body === 'string' ? Buffer.from(body, 'latin1') : body,
      Buffer.from('\nendobj\n', 'latin1'),
    ]);
    offsets.push(length);
    parts.push(chunk);
    length += chunk.length;
  });
  const xref =
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n` +
    offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('') +
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${extraTrailer}>>\nstartxref\n${length}\n%%EOF\n`;
  parts.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(parts);
}

const pageText = Buffer.from('BT /F1 16 Tf 50 780 Td (Attestation d agrement) Tj ET', 'latin1');

/** A sound hand-made PDF (the control for the fixtures below). */
export function plainPdf(): Uint8Array {
  return new Uint8Array(handmadePdf(pageText));
}

/**
 * A PDF protected by a user password, with the standard security handler (RC4 40 bits, revision 2,
 * PDF 1.7 § 7.6.3): its page content is really encrypted, as a reader would need the password.
 */
export function encryptedPdf(userPassword = 'secret'): Uint8Array {
  const padding = Buffer.from('28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a', 'hex');
  const padded = (password: string) =>
    Buffer.concat([Buffer.from(password, 'latin1'), padding]).subarray(0, 32);
  const rc4 = (key: Buffer, data: Buffer) => {
    const s = Array.from({ length: 256 }, (_, i) => i);
    for (let i = 0, j = 0; i < 256; i++) {
      j = (j + s[i]! + key[i % key.length]!) & 255;
      [s[i], s[j]] = [s[j]!, s[i]!];
    }
    const out = Buffer.alloc(data.length);
    for (let n = 0, i = 0, j = 0; n < data.length; n++) {
      i = (i + 1) & 255;
      j = (j + s[i]!) & 255;
      [s[i], s[j]] = [s[j]!, s[i]!];
      out[n] = data[n]! ^ s[(s[i]! + s[j]!) & 255]!;
    }
    return out;
  };
  const md5 = (...parts: Buffer[]) => createHash('md5').update(Buffer.concat(parts)).digest();
  const ownerKey = md5(padded('proprietaire')).subarray(0, 5);
  const o = rc4(ownerKey, padded(userPassword));
  const permissions = Buffer.alloc(4);
  permissions.writeInt32LE(-44);
  const id = Buffer.from('0123456789abcdef0123456789abcdef', 'hex');
  const fileKey = md5(padded(userPassword), o, permissions, id).subarray(0, 5);
  const u = rc4(fileKey, padding);
  // Object 4 (the page content), generation 0.
  const objectKey = md5(fileKey, Buffer.from([4, 0, 0, 0, 0])).subarray(0, 10);
  const encryptDictionary = `<< /Filter /Standard /V 1 /R 2 /O <${o.toString('hex')}> /U <${u.toString('hex')}> /P -44 >>`;
  return new Uint8Array(
    handmadePdf(
      rc4(objectKey, pageText),
      `/Encrypt 5 0 R /ID [<${id.toString('hex')}> <${id.toString('hex')}>] `,
      [encryptDictionary],
    ),
  );
}

/**
 * A PDF cut short before its cross-reference table, as an interrupted download leaves it. pdf-lib
 * alone still loads it (it scans objects from the start): the test checks that too.
 */
export function truncatedPdf(): Uint8Array {
  const whole = plainPdf();
  return whole.slice(0, Buffer.from(whole).lastIndexOf('xref\n') + 2);
}

/** A well-formed PDF whose compressed page content is damaged (a flipped block in the stream). */
export function damagedStreamPdf(): Uint8Array {
  const deflated = createHash('sha256').update('not deflate').digest(); // 32 bytes that do not inflate
  const pdf = handmadePdf(Buffer.alloc(0));
  const withFilter = pdf
    .toString('latin1')
    .replace(
      '<< /Length 0 >>\nstream\n\nendstream',
      `<< /Length 32 /Filter /FlateDecode >>\nstream\n${deflated.toString('latin1')}\nendstream`,
    );
  return new Uint8Array(rebuildXref(Buffer.from(withFilter, 'latin1')));
}

/** Recomputes the cross-reference offsets of a hand-made PDF after its body was edited. */
function rebuildXref(pdf: Buffer): Buffer {
  const text = pdf.toString('latin1');
  const body = text.slice(0, text.indexOf('xref\n'));
  const offsets = [...body.matchAll(/(\d+) 0 obj\n/g)].map((m) => m.index!);
  const trailer = text.slice(text.indexOf('trailer\n'), text.indexOf('startxref'));
  const xref =
    `xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n` +
    offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('') +
    `${trailer}startxref\n${body.length}\n%%EOF\n`;
  return Buffer.from(body + xref, 'latin1');
}
