/** Test helpers for moderation: a case waiting in an office's queue, and many projected cases at once. */
import { randomUUID } from 'node:crypto';
import { createSession } from '../../api/auth/sessions.ts';
import { caseCommands } from '../../api/cases/commands.ts';
import type { Actor } from '../../domain/case-rules.ts';
import type { CaseStatus } from '../../domain/case-status.ts';
import type { Db } from '../../infra/db.ts';
import { NAMED_PEOPLE } from '../../stack/sngi-people.ts';
import {
  createUser,
  insertRegistration,
  placeUpload,
  registrationFor,
  samplePdf,
  waitForStatus,
} from './fixtures.ts';
import type { CaseStack } from './stack.ts';

/** A submitted case with its agrément, routed to the office of `departement` and waiting in its queue. */
export async function caseInModeration(
  stack: CaseStack,
  options: { departement?: string; person?: typeof NAMED_PEOPLE.camille } = {},
) {
  const commands = caseCommands(stack.deps);
  const owner = await createUser(stack.db);
  const data = registrationFor(options.person ?? NAMED_PEOPLE.camille, options.departement ?? '69');
  const registrationId = await insertRegistration(stack.db, owner.id, data);
  const documentId = await placeUpload(stack.db, stack.storage, registrationId, await samplePdf());
  await commands.attachDocument(registrationId, owner.id, owner.actor, documentId);
  await commands.submit(registrationId, owner.id, owner.actor);
  await waitForStatus(stack.db, registrationId, 'in_moderation');
  return { owner, registrationId, documentId, data };
}

export interface SeededCase {
  registrationId: string;
  status: CaseStatus;
  officeId: string;
  departement: string;
  holderId: string | null;
  submittedAt: Date;
  dueAt: Date;
}

/**
 * Projected cases written straight to PostgreSQL, as the workflow's projection would: the queue reads
 * only these tables, so its filters and pages can be checked on many cases without running workflows.
 */
export async function seedProjectedCases(db: Db, cases: Array<Omit<SeededCase, 'registrationId'>>) {
  const seeded: SeededCase[] = [];
  for (const kase of cases) {
    const owner = await createUser(db);
    const registrationId = await insertRegistration(
      db,
      owner.id,
      registrationFor(NAMED_PEOPLE.camille, kase.departement),
    );
    await db('cases').insert({
      registration_id: registrationId,
      workflow_id: `seeded:${randomUUID()}`,
      status: kase.status,
      office_id: kase.officeId,
      holder_id: kase.holderId,
      departement: kase.departement,
      identity_outcome: 'certified',
      submitted_at: kase.submittedAt,
      status_since: kase.submittedAt,
      due_at: kase.dueAt,
      seq: 1,
    });
    seeded.push({ registrationId, ...kase });
  }
  return seeded;
}

/** A live session for a user, as a complete sign-in (password and second factor) would open. */
export async function sessionFor(
  db: Db,
  user: { id: string; actor: { role: Actor['role'] } },
): Promise<string> {
  return (await createSession(db, user.id, user.actor.role)).token;
}
