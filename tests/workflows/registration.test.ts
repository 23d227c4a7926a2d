/**
 * The registration workflow on the real Temporal dev server, with real PostgreSQL, S3, SNGI
 * simulator and SMTP catcher: the paths a case can take, and the refusals that leave it unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseCommands } from '../../api/cases/commands.ts';
import { Problem } from '../../api/problem.ts';
import type { Actor } from '../../domain/case-rules.ts';
import { registrationWorkflowId } from '../../workflows/registration.ts';
import { makeNir, NAMED_PEOPLE } from '../../stack/sngi-people.ts';
import {
  createUser,
  insertRegistration,
  mailsTo,
  placeUpload,
  registrationFor,
  samplePdf,
  waitForStatus,
} from '../support/fixtures.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let commands: ReturnType<typeof caseCommands>;
let moderator: Actor;
let otherOfficeModerator: Actor;

beforeAll(async () => {
  stack = await setUpFile('registration-workflow');
  commands = caseCommands(stack.deps);
  moderator = (await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' })).actor;
  otherOfficeModerator = (await createUser(stack.db, { role: 'moderator', officeId: 'caf-75' })).actor;
});
afterAll(() => stack?.teardown());

async function newCase(options: { withDocument?: boolean; person?: typeof NAMED_PEOPLE.camille } = {}) {
  const owner = await createUser(stack.db);
  const registrationId = await insertRegistration(stack.db, owner.id, registrationFor(options.person));
  if (options.withDocument ?? true) {
    const documentId = await placeUpload(stack.db, stack.storage, registrationId, await samplePdf());
    const verdict = await commands.attachDocument(registrationId, owner.id, owner.actor, documentId);
    expect(verdict.status).toBe('accepted');
  }
  return { owner, registrationId };
}

async function events(registrationId: string): Promise<string[]> {
  return stack.db('case_events').where({ registration_id: registrationId }).orderBy('seq').pluck('type');
}

async function refusal(promise: Promise<unknown>): Promise<Problem> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Problem);
  return error as Problem;
}

describe('a registration case', () => {
  it('goes from submission to publication when the moderator of the pivot CAF approves', async () => {
    const { owner, registrationId } = await newCase();
    await commands.submit(registrationId, owner.id, owner.actor);
    await waitForStatus(stack.db, registrationId, 'in_moderation');

    const routed = await stack.db('cases').where({ registration_id: registrationId }).first();
    expect(routed.office_id).toBe('caf-69');
    expect(routed.identity_outcome).toBe('certified');
    expect(routed.due_at).not.toBeNull();

    await commands.claim(registrationId, moderator);
    const view = await commands.decide(registrationId, {
      actor: moderator,
      kind: 'approve',
      messageId: null,
    });
    expect(view.status).toBe('active');
    const published = await stack.db('public_profiles').where({ registration_id: registrationId }).first();
    expect(published.profile.name).toBe('Camille DUPONT');
    expect(published.profile.address).toBeNull(); // she chose to hide it, working at home
    expect(await events(registrationId)).toEqual([
      'document_accepted',
      'submitted',
      'identity_checked',
      'routed',
      'claimed',
      'approved',
    ]);
    await expect
      .poll(async () => (await mailsTo(stack.mailboxUrl, owner.email)).map((m) => m.subject))
      .toEqual(['Votre inscription est validée', 'Votre demande d’inscription a bien été déposée']);
    const handle = stack.temporal.workflow.getHandle(registrationWorkflowId(registrationId));
    await stack.keepHistory(handle);

    // Personal data never enters Temporal: not in the history, not in search attributes.
    const history = JSON.stringify(await handle.fetchHistory());
    const data = registrationFor();
    for (const secret of [
      NAMED_PEOPLE.camille.nir,
      data.identity.birthName,
      data.contact.address.line1,
      data.contact.phone,
      owner.email,
    ]) {
      expect(history).not.toContain(secret);
    }
    const description = await handle.describe();
    expect(JSON.stringify(description.searchAttributes)).not.toContain(NAMED_PEOPLE.camille.nir);
  });

  it('loops through a correction request, back to the same office', async () => {
    const { owner, registrationId } = await newCase();
    await commands.submit(registrationId, owner.id, owner.actor);
    await waitForStatus(stack.db, registrationId, 'in_moderation');
    const [message] = await stack
      .db('case_messages')
      .insert({
        registration_id: registrationId,
        author_id: moderator.userId,
        kind: 'correction_request',
        reason_code: 'incorrect',
        body: 'Le numéro d’agrément ne correspond pas à l’attestation.',
        fields: ['agrement'],
      })
      .returning('id');

    await commands.claim(registrationId, moderator);
    const asked = await commands.decide(registrationId, {
      actor: moderator,
      kind: 'request_correction',
      messageId: message.id,
    });
    expect(asked.status).toBe('correction_requested');
    const firstDue: Date = (await stack.db('cases').where({ registration_id: registrationId }).first())
      .due_at;
    await new Promise((resolve) => setTimeout(resolve, 50)); // a later instant, for a later due date
    const resubmitted = await commands.resubmit(registrationId, owner.actor);
    expect(resubmitted.status).not.toBe('correction_requested');
    await waitForStatus(stack.db, registrationId, 'in_moderation');
    const back = await stack.db('cases').where({ registration_id: registrationId }).first();
    expect(back.office_id).toBe('caf-69');
    // The office's handling time starts again from the resubmission.
    expect(back.due_at.getTime()).toBeGreaterThan(firstDue.getTime());

    await commands.decide(registrationId, { actor: moderator, kind: 'approve', messageId: null });
    expect(await events(registrationId)).toEqual([
      'document_accepted',
      'submitted',
      'identity_checked',
      'routed',
      'claimed',
      'correction_requested',
      'resubmitted',
      'identity_checked',
      'back_in_queue',
      'approved',
    ]);
    const mails = await mailsTo(stack.mailboxUrl, owner.email);
    expect(mails.find((m) => m.subject === 'La CAF vous demande une correction')?.text).toContain(
      'ne correspond pas à l’attestation',
    );
    await stack.keepHistory(stack.temporal.workflow.getHandle(registrationWorkflowId(registrationId)));
  });

  it('ends on a rejection, after which nothing can be attached', async () => {
    const { owner, registrationId } = await newCase();
    await commands.submit(registrationId, owner.id, owner.actor);
    await waitForStatus(stack.db, registrationId, 'in_moderation');
    await commands.claim(registrationId, moderator);
    const view = await commands.decide(registrationId, { actor: moderator, kind: 'reject', messageId: null });
    expect(view.status).toBe('rejected');
    const handle = stack.temporal.workflow.getHandle(registrationWorkflowId(registrationId));
    expect(await handle.result()).toBe('rejected');

    const documentId = await placeUpload(stack.db, stack.storage, registrationId, await samplePdf());
    const problem = await refusal(commands.attachDocument(registrationId, owner.id, owner.actor, documentId));
    expect(problem.code).toBe('case_closed');
    await stack.keepHistory(handle);
  });

  it('waits while the identity registry is down, then proceeds without rejecting anyone', async () => {
    const { owner, registrationId } = await newCase();
    await fetch(`${stack.sngi.url}/_control/outage`, {
      method: 'POST',
      body: JSON.stringify({ down: true }),
    });
    await commands.submit(registrationId, owner.id, owner.actor);
    await waitForStatus(stack.db, registrationId, 'identity_check');
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect((await stack.db('cases').where({ registration_id: registrationId }).first()).status).toBe(
      'identity_check',
    );
    expect(await stack.db('identity_checks').where({ registration_id: registrationId })).toHaveLength(0);

    await fetch(`${stack.sngi.url}/_control/outage`, {
      method: 'POST',
      body: JSON.stringify({ down: false }),
    });
    await waitForStatus(stack.db, registrationId, 'in_moderation');
    expect(
      (await stack.db('cases').where({ registration_id: registrationId }).first()).identity_outcome,
    ).toBe('certified');
    await stack.keepHistory(stack.temporal.workflow.getHandle(registrationWorkflowId(registrationId)));
  });

  it('flags an identity unknown to the registry for the moderator instead of failing', async () => {
    const owner = await createUser(stack.db);
    const data = registrationFor(NAMED_PEOPLE.camille);
    data.identity.birthName = 'INCONNUE';
    data.identity.nir = makeNir('F', '1985-03-14', '69383', 999); // well-formed, but nobody's
    const registrationId = await insertRegistration(stack.db, owner.id, data);
    const documentId = await placeUpload(stack.db, stack.storage, registrationId, await samplePdf());
    await commands.attachDocument(registrationId, owner.id, owner.actor, documentId);
    await commands.submit(registrationId, owner.id, owner.actor);
    await waitForStatus(stack.db, registrationId, 'in_moderation');
    expect(
      (await stack.db('cases').where({ registration_id: registrationId }).first()).identity_outcome,
    ).toBe('not_found');
  });

  it('makes one case of a double submission', async () => {
    const { owner, registrationId } = await newCase();
    const results = await Promise.allSettled([
      commands.submit(registrationId, owner.id, owner.actor),
      commands.submit(registrationId, owner.id, owner.actor),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((rejected.reason as Problem).code).toBe('not_draft');
    await waitForStatus(stack.db, registrationId, 'in_moderation');
    expect((await events(registrationId)).filter((type) => type === 'submitted')).toHaveLength(1);
    const runs = stack.temporal.workflow.list({
      query: `WorkflowId = '${registrationWorkflowId(registrationId)}'`,
    });
    let count = 0;
    for await (const _ of runs) count += 1;
    expect(count).toBeLessThanOrEqual(1); // visibility may lag; never two
  });

  it('refuses a decision from another office, or on a case not in moderation, and leaves the case unchanged', async () => {
    const { owner, registrationId } = await newCase({ withDocument: false });
    await commands.submit(registrationId, owner.id, owner.actor);
    await waitForStatus(stack.db, registrationId, 'awaiting_document');
    const notYet = await refusal(
      commands.decide(registrationId, { actor: moderator, kind: 'approve', messageId: null }),
    );
    expect(notYet.code).toBe('wrong_office'); // not routed yet: no office holds it

    const documentId = await placeUpload(stack.db, stack.storage, registrationId, await samplePdf());
    await commands.attachDocument(registrationId, owner.id, owner.actor, documentId);
    await waitForStatus(stack.db, registrationId, 'in_moderation');
    const before = await stack.db('cases').where({ registration_id: registrationId }).first();

    const wrongOffice = await refusal(
      commands.decide(registrationId, { actor: otherOfficeModerator, kind: 'approve', messageId: null }),
    );
    expect(wrongOffice.status).toBe(403);
    expect(wrongOffice.code).toBe('wrong_office');
    const byOwner = await refusal(
      commands.decide(registrationId, { actor: owner.actor, kind: 'approve', messageId: null }),
    );
    expect(byOwner.code).toBe('not_staff');

    const unheld = await refusal(
      commands.decide(registrationId, { actor: moderator, kind: 'approve', messageId: null }),
    );
    expect(unheld.code).toBe('not_holder');

    const after = await stack.db('cases').where({ registration_id: registrationId }).first();
    expect(after.seq).toBe(before.seq);
    expect(after.status).toBe('in_moderation');

    await commands.claim(registrationId, moderator);
    await commands.decide(registrationId, { actor: moderator, kind: 'approve', messageId: null });
    const twice = await refusal(
      commands.decide(registrationId, { actor: moderator, kind: 'approve', messageId: null }),
    );
    expect(twice.status).toBe(409);
    expect(twice.code).toBe('not_in_moderation');
    await stack.keepHistory(stack.temporal.workflow.getHandle(registrationWorkflowId(registrationId)));
  });

  it('lets one of two moderators racing for a case win, and only the holder decide', async () => {
    const { owner, registrationId } = await newCase();
    await commands.submit(registrationId, owner.id, owner.actor);
    await waitForStatus(stack.db, registrationId, 'in_moderation');
    const colleague = (await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' })).actor;
    const results = await Promise.allSettled([
      commands.claim(registrationId, moderator),
      commands.claim(registrationId, colleague),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((loser.reason as Problem).code).toBe('held_by_other');
    const holder = (await stack.db('cases').where({ registration_id: registrationId }).first()).holder_id;
    const other = holder === moderator.userId ? colleague : moderator;
    expect(
      (await refusal(commands.decide(registrationId, { actor: other, kind: 'approve', messageId: null })))
        .code,
    ).toBe('not_holder');

    const supervisor = (await createUser(stack.db, { role: 'supervisor' })).actor;
    await commands.release(registrationId, supervisor);
    await commands.assign(registrationId, supervisor, { userId: other.userId, officeId: 'caf-69' });
    expect((await stack.db('cases').where({ registration_id: registrationId }).first()).holder_id).toBe(
      other.userId,
    );
    await commands.decide(registrationId, { actor: other, kind: 'approve', messageId: null });
    expect(await events(registrationId)).toEqual(
      expect.arrayContaining(['claimed', 'released', 'assigned', 'approved']),
    );
    await stack.keepHistory(stack.temporal.workflow.getHandle(registrationWorkflowId(registrationId)));
  });

  it('moves a case to another office on reassignment, unheld there, with its history', async () => {
    const { owner, registrationId } = await newCase();
    await commands.submit(registrationId, owner.id, owner.actor);
    await waitForStatus(stack.db, registrationId, 'in_moderation');
    await commands.claim(registrationId, moderator);
    const supervisor = (await createUser(stack.db, { role: 'supervisor' })).actor;
    const refusedToModerator = await refusal(
      commands.reassign(registrationId, moderator, {
        toOfficeId: 'caf-75',
        targetWorkingDays: 10,
        reason: null,
      }),
    );
    expect(refusedToModerator.code).toBe('not_supervisor');
    const moved = await commands.reassign(registrationId, supervisor, {
      toOfficeId: 'caf-75',
      targetWorkingDays: 10,
      reason: 'renfort',
    });
    expect(moved).toMatchObject({ officeId: 'caf-75', holderId: null, status: 'in_moderation' });
    const row = await stack.db('cases').where({ registration_id: registrationId }).first();
    expect(row).toMatchObject({ office_id: 'caf-75', holder_id: null });
    expect((await refusal(commands.claim(registrationId, moderator))).code).toBe('wrong_office');
    await commands.claim(registrationId, otherOfficeModerator);
    await commands.decide(registrationId, { actor: otherOfficeModerator, kind: 'approve', messageId: null });
    const reassigned = await stack
      .db('case_events')
      .where({ registration_id: registrationId, type: 'reassigned' })
      .first();
    expect(reassigned.data).toEqual({ from: 'caf-69', to: 'caf-75', reason: 'renfort' });
    await stack.keepHistory(stack.temporal.workflow.getHandle(registrationWorkflowId(registrationId)));
  });

  it('reminds her by email while the copy of her agrément is missing', async () => {
    const { owner, registrationId } = await newCase({ withDocument: false });
    await commands.submit(registrationId, owner.id, owner.actor);
    await waitForStatus(stack.db, registrationId, 'awaiting_document');
    await expect
      .poll(
        async () =>
          (await mailsTo(stack.mailboxUrl, owner.email)).filter(
            (m) => m.subject === 'Il manque la copie de votre agrément',
          ).length,
        {
          timeout: 30_000,
        },
      )
      .toBeGreaterThanOrEqual(1);
    // The event is written just after the email is handed to SMTP.
    await expect.poll(() => events(registrationId), { timeout: 10_000 }).toContain('document_reminder_sent');
  });

  it('replays every recorded history deterministically', async () => {
    const { count, failures } = await stack.replayKeptHistories();
    expect(count).toBeGreaterThanOrEqual(5);
    expect(failures).toEqual([]);
  });
});
