/**
 * Contact requests on the API side: creation under the abuse limits (per parent, per address, per
 * childminder and day), the start of its workflow, and the commands sent to it (the parent's
 * verification, her answer). A refused answer leaves nothing behind; a late one gets a kind no.
 */
import { createHash } from 'node:crypto';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { normalizeEmail } from '../../domain/accounts.ts';
import {
  answerViolation,
  CONTACT_LIMITS,
  CONTACT_RULES,
  DEFAULT_CONTACT_POLICY,
  type ContactStatus,
} from '../../domain/contact-requests.ts';
import type { ContactAnswer, ContactRequestInput } from '../../domain/contact-request-forms.ts';
import {
  answerUpdate,
  contactRequest,
  contactRequestWorkflowId,
  verifyEmailUpdate,
  type ContactView,
} from '../../workflows/contact-request.ts';
import { audit } from '../audit.ts';
import { Throttled } from '../auth/throttle.ts';
import type { ApiDeps } from '../context.ts';
import { Problem } from '../problem.ts';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** A stable key for limits that keeps no address in clear. */
export const keyOf = (kind: 'parent' | 'address', value: string) =>
  createHash('sha256').update(`contact:${kind}:${value}`).digest('hex');

/** Rows of `table` whose `column` is `value`, made within the last `sinceMs`: what a limit counts. */
export async function countSince(
  deps: ApiDeps,
  column: string,
  value: string,
  sinceMs: number,
  table = 'contact_requests',
): Promise<number> {
  const [row] = await deps
    .db(table)
    .where(column, value)
    .andWhere('created_at', '>', new Date(Date.now() - sinceMs))
    .count<[{ count: string }]>('* as count');
  return Number(row?.count ?? 0);
}

/** Throws the French 409/429 of the first limit the request would pass. */
async function checkLimits(deps: ApiDeps, registrationId: string, parentKey: string, addressKey: string) {
  const open = await deps
    .db('contact_requests')
    .where({ registration_id: registrationId, parent_key: parentKey })
    .whereIn('status', ['awaiting_verification', 'delivered'])
    .first('id');
  if (open) {
    throw new Problem(
      409,
      'request_pending',
      'Vous avez déjà une demande en cours auprès de cette assistante maternelle : attendez sa réponse (ou confirmez votre adresse si ce n’est pas fait).',
    );
  }
  const tomorrow = new Date(Date.now() + DAY);
  if ((await countSince(deps, 'parent_key', parentKey, DAY)) >= CONTACT_LIMITS.perParentPerDay) {
    throw new Throttled(
      'too_many_requests',
      `Vous avez envoyé ${CONTACT_LIMITS.perParentPerDay} demandes en 24 heures : c’est le maximum. Vous pourrez en envoyer d’autres demain.`,
      tomorrow,
    );
  }
  if ((await countSince(deps, 'address_key', addressKey, HOUR)) >= CONTACT_LIMITS.perAddressPerHour) {
    throw new Throttled(
      'too_many_requests_address',
      'Trop de demandes ont été envoyées depuis votre réseau en une heure. Réessayez un peu plus tard.',
      new Date(Date.now() + HOUR),
    );
  }
  if (
    (await countSince(deps, 'registration_id', registrationId, DAY)) >= CONTACT_LIMITS.perChildminderPerDay
  ) {
    throw new Throttled(
      'childminder_daily_cap',
      'Cette assistante maternelle a reçu beaucoup de demandes aujourd’hui. Réessayez demain, ou utilisez les coordonnées de sa fiche.',
      tomorrow,
    );
  }
}

/** Records a parent's request and starts its workflow; returns its id. */
export async function createContactRequest(
  deps: ApiDeps,
  registrationId: string,
  input: ContactRequestInput,
  clientAddress: string,
): Promise<string> {
  const { db } = deps;
  const parentKey = keyOf('parent', normalizeEmail(input.parentEmail));
  const addressKey = keyOf('address', clientAddress);
  const id = await db.transaction(async (trx) => {
    // One at a time per childminder, so that two racing requests cannot both pass her daily cap.
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`contact:${registrationId}`]);
    await checkLimits({ ...deps, db: trx }, registrationId, parentKey, addressKey);
    const office = await trx('cases').where({ registration_id: registrationId }).first('office_id');
    const [row] = await trx('contact_requests')
      .insert({
        registration_id: registrationId,
        office_id: office?.office_id ?? null,
        parent_name: input.parentName,
        parent_email: input.parentEmail,
        parent_phone: input.parentPhone,
        message: input.message,
        parent_key: parentKey,
        address_key: addressKey,
        age_group: input.ageGroup,
        start_date: input.startDate,
        days: input.days,
        hours_from: input.hoursFrom,
        hours_to: input.hoursTo,
      })
      .returning('id');
    await audit(
      trx,
      null,
      'contact_request.created',
      { type: 'contact_request', id: row.id },
      { registrationId },
    );
    return row.id as string;
  });
  try {
    await deps.temporal.workflow.start(contactRequest, {
      workflowId: contactRequestWorkflowId(id),
      taskQueue: deps.taskQueue,
      args: [{ requestId: id, policy: deps.contactPolicy ?? DEFAULT_CONTACT_POLICY }],
    });
  } catch (error) {
    // Nothing half-made: without its workflow, the request never existed.
    await db.transaction(async (trx) => {
      await trx('contact_requests').where({ id }).delete();
      await audit(trx, null, 'contact_request.dropped', { type: 'contact_request', id }, { registrationId });
    });
    throw error;
  }
  return id;
}

/** An Update's refusal as a 409 with the rule's French message; a closed workflow read from the table. */
async function asProblem(deps: ApiDeps, requestId: string, error: unknown): Promise<never> {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    throw new Problem(409, error.cause.type ?? 'update_refused', error.cause.message);
  }
  if (error instanceof WorkflowNotFoundError || (error as Error)?.name === 'WorkflowNotFoundError') {
    const row = await deps.db('contact_requests').where({ id: requestId }).first('status');
    const code = row ? answerViolation(row.status as ContactStatus) : null;
    if (code) throw new Problem(409, code, CONTACT_RULES[code]);
    throw new Problem(409, 'request_closed', 'Cette demande est close.');
  }
  throw error;
}

/** The parent opened her link: the request goes to the childminder. */
export async function verifyContactRequest(deps: ApiDeps, requestId: string): Promise<ContactView> {
  return deps.temporal.workflow
    .getHandle(contactRequestWorkflowId(requestId))
    .executeUpdate(verifyEmailUpdate, { args: [] })
    .catch((error) => asProblem(deps, requestId, error));
}

/** Her answer: written as a draft, sent to the workflow by id; refused, the draft goes. */
export async function answerContactRequest(
  deps: ApiDeps,
  requestId: string,
  answer: ContactAnswer,
  contact: string | null,
): Promise<ContactView> {
  const row = await deps.db('contact_requests').where({ id: requestId }).first('status');
  const early = answerViolation(row.status as ContactStatus);
  if (early) throw new Problem(409, early, CONTACT_RULES[early]);
  const [draft] = await deps
    .db('contact_answers')
    .insert({
      request_id: requestId,
      kind: answer.kind,
      channel: answer.kind === 'accept' ? answer.channel : null,
      contact: answer.kind === 'accept' ? contact : null,
      message: answer.message,
      decline_reason: answer.kind === 'decline' ? answer.reason : null,
    })
    .returning('id');
  try {
    return await deps.temporal.workflow
      .getHandle(contactRequestWorkflowId(requestId))
      .executeUpdate(answerUpdate, {
        args: [
          { answerId: draft.id, kind: answer.kind, reason: answer.kind === 'decline' ? answer.reason : null },
        ],
      });
  } catch (error) {
    await deps.db('contact_answers').where({ id: draft.id }).delete();
    return asProblem(deps, requestId, error);
  }
}
