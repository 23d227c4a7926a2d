/**
 * Test helpers for supervision: many real cases waiting in moderation (created in bulk, then
 * submitted through the real workflow a few at a time), and projected cases with a known past for
 * the dashboard's figures.
 */
import { randomUUID } from 'node:crypto';
import { caseCommands } from '../../api/cases/commands.ts';
import type { Actor } from '../../domain/case-rules.ts';
import type { CaseStatus } from '../../domain/case-status.ts';
import type { Db } from '../../infra/db.ts';
import { identityColumns } from '../../infra/sealed-nir.ts';
import { NAMED_PEOPLE } from '../../stack/sngi-people.ts';
import { waitFor } from '../../stack/wait.ts';
import {
  createUser,
  placeUpload,
  registrationFor,
  samplePdf,
  TEST_PASSWORD,
  testKeys,
  uniqueEmail,
} from './fixtures.ts';
import { hashPassword } from '../../api/auth/passwords.ts';
import type { CaseStack } from './stack.ts';

/** Runs `work` on every item, at most `limit` at a time. */
export async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/** Inserts rows 500 at a time, in order; returns the `returning` columns of each. */
async function insertInChunks(db: Db, table: string, rows: object[], returning: string[]) {
  const out = [];
  for (let i = 0; i < rows.length; i += 500)
    out.push(
      ...(await db(table)
        .insert(rows.slice(i, i + 500))
        .returning(returning)),
    );
  return out;
}

let childminderHash: Promise<string> | null = null;

/**
 * `count` real cases waiting in moderation in the office of `departement`: accounts and registrations
 * inserted in batches, then each case started by its document and submitted through its workflow
 * (SNGI check, document check, routing), `parallel` at a time.
 */
export async function casesInModeration(
  stack: CaseStack,
  count: number,
  options: { departement?: string; parallel?: number } = {},
): Promise<string[]> {
  const { db, storage } = stack;
  const commands = caseCommands(stack.deps);
  childminderHash ??= hashPassword(TEST_PASSWORD);
  const passwordHash = await childminderHash;
  const owners: Array<{ id: string }> = await insertInChunks(
    db,
    'users',
    Array.from({ length: count }, () => {
      const email = uniqueEmail('assmat');
      return {
        email,
        email_normalized: email,
        password_hash: passwordHash,
        role: 'childminder',
        display_name: 'Assistante maternelle de test',
        email_verified_at: new Date(),
      };
    }),
    ['id'],
  );
  const registrations: Array<{ id: string; user_id: string }> = await insertInChunks(
    db,
    'registrations',
    owners.map((owner) => {
      const data = registrationFor(NAMED_PEOPLE.camille, options.departement ?? '69');
      const id = randomUUID();
      return {
        id,
        user_id: owner.id,
        ...identityColumns(testKeys(), data.identity, id),
        agrement: JSON.stringify(data.agrement),
        contact: JSON.stringify(data.contact),
        availability: JSON.stringify(data.availability),
      };
    }),
    ['id', 'user_id'],
  );
  const pdf = await samplePdf();
  await inParallel(registrations, options.parallel ?? 16, async ({ id, user_id }) => {
    const actor: Actor = { userId: user_id, role: 'childminder', officeIds: [] };
    const documentId = await placeUpload(db, storage, id, pdf);
    const verdict = await commands.attachDocument(id, user_id, actor, documentId);
    if (verdict.status !== 'accepted') throw new Error(`document refusé : ${verdict.status}`);
    await commands.submit(id, user_id, actor);
  });
  const ids = registrations.map((r) => r.id);
  await waitFor(`${count} dossiers en modération`, 120_000, async () => {
    const [row] = await db('cases')
      .whereIn('registration_id', ids)
      .where({ status: 'in_moderation' })
      .count<Array<{ n: string }>>({ n: '*' });
    if (Number(row?.n) !== count) throw new Error(`${row?.n} sur ${count}`);
  });
  return ids;
}

/** A projected case with a known past, for the dashboard's figures (the dashboard reads only these tables). */
export interface PastCase {
  officeId: string;
  status: CaseStatus;
  submittedDaysAgo: number;
  /** Due date, in days from now (negative: passed). */
  dueInDays?: number;
  holderId?: string | null;
  /** For decided cases: days ago the decision was made. */
  decidedDaysAgo?: number;
}

const DAY_MS = 86_400_000;

/** Writes cases (and, for decided ones, their decision event) straight into the projection. */
export async function seedPastCases(db: Db, now: Date, cases: PastCase[]): Promise<string[]> {
  const ids: string[] = [];
  for (const kase of cases) {
    const owner = await createUser(db);
    const data = registrationFor(NAMED_PEOPLE.camille, '69');
    const id = randomUUID();
    const [registration] = await db('registrations')
      .insert({
        id,
        user_id: owner.id,
        ...identityColumns(testKeys(), data.identity, id),
        agrement: JSON.stringify(data.agrement),
      })
      .returning('id');
    const submittedAt = new Date(now.getTime() - kase.submittedDaysAgo * DAY_MS);
    const decidedAt =
      kase.decidedDaysAgo === undefined ? null : new Date(now.getTime() - kase.decidedDaysAgo * DAY_MS);
    await db('cases').insert({
      registration_id: registration.id,
      workflow_id: `seeded:${randomUUID()}`,
      status: kase.status,
      office_id: kase.officeId,
      holder_id: kase.holderId ?? null,
      departement: '69',
      submitted_at: submittedAt,
      status_since: decidedAt ?? submittedAt,
      due_at: kase.dueInDays === undefined ? null : new Date(now.getTime() + kase.dueInDays * DAY_MS),
      decided_at: kase.status === 'active' || kase.status === 'rejected' ? decidedAt : null,
      seq: 2,
    });
    if (decidedAt) {
      const type =
        kase.status === 'active'
          ? 'approved'
          : kase.status === 'rejected'
            ? 'rejected'
            : 'correction_requested';
      await db('case_events').insert([
        {
          registration_id: registration.id,
          seq: 1,
          type: 'submitted',
          status: 'identity_check',
          at: submittedAt,
        },
        { registration_id: registration.id, seq: 2, type, status: kase.status, at: decidedAt },
      ]);
    }
    ids.push(registration.id);
  }
  return ids;
}

/** Counts of cases per office among `ids`. */
export async function officesOfCases(db: Db, ids: string[]): Promise<Record<string, number>> {
  const rows: Array<{ office_id: string; n: string }> = await db('cases')
    .whereIn('registration_id', ids)
    .groupBy('office_id')
    .select('office_id', db.raw('count(*) as n'));
  return Object.fromEntries(rows.map((row) => [row.office_id, Number(row.n)]));
}
