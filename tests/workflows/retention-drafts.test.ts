/**
 * Abandoned drafts on the real stack, with the policy's durations in seconds: her saves through the
 * API start and push back the draft's deadline (workflows/draft-retention.ts); untouched, she gets
 * one warning email, then the draft goes with its stored copies and the registration workflow a copy
 * started; the audit log keeps its lines. A save after the warning moves the deletion.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draftRetentionActivities, REGISTRATION_TABLES } from '../../activities/draft-retention.ts';
import { DEFAULT_RETENTION_POLICY } from '../../domain/retention.ts';
import { documentKey, quarantineKey } from '../../infra/s3.ts';
import { waitFor } from '../../stack/wait.ts';
import { draftRetentionWorkflowId } from '../../workflows/draft-retention.ts';
import { registrationWorkflowId } from '../../workflows/registration.ts';
import { apiClient } from '../support/api-client.ts';
import {
  createUser,
  insertRegistration,
  isStored,
  mailsTo,
  placeUpload,
  registrationFor,
  samplePdf,
} from '../support/fixtures.ts';
import { sessionFor } from '../support/moderation.ts';
import { setUpFile, TEST_POLICY, type FileStack } from '../support/stack.ts';

const INACTIVITY_MS = 8000;
const WARNING_BEFORE_MS = 4000;
const SUBJECT = 'Votre brouillon de demande d’inscription va être supprimé';
let stack: FileStack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await setUpFile('retention-drafts', {
    api: true,
    policy: {
      ...TEST_POLICY,
      retention: {
        ...DEFAULT_RETENTION_POLICY,
        draftInactivityMs: INACTIVITY_MS,
        draftWarningBeforeMs: WARNING_BEFORE_MS,
      },
    },
  });
  api = apiClient(stack.apiUrl);
});
afterAll(() => stack?.teardown());

/** A childminder who starts her registration through the API and saves her identity. */
async function startedDraft() {
  const owner = await createUser(stack.db);
  const token = await sessionFor(stack.db, owner);
  const created = await api.post('/api/registrations', {}, token);
  expect(created.status).toBe(201);
  const id: string = created.body.id;
  const saved = await api.put(
    `/api/registrations/${id}/sections/identity`,
    registrationFor().identity,
    token,
  );
  expect(saved.status).toBe(200);
  return { owner, token, id };
}

const warnings = async (email: string) =>
  (await mailsTo(stack.mailboxUrl, email)).filter((m) => m.subject === SUBJECT);
const auditOf = (id: string) =>
  stack.db('audit_log').where({ target_id: id }).orderBy('id').select('action', 'detail', 'at');
const stored = (key: string) => isStored(stack.storage, key);

async function waitForAudit(id: string, action: string, count = 1) {
  await waitFor(`${count} ligne(s) ${action}`, 60_000, async () => {
    const n = (await auditOf(id)).filter((row) => row.action === action).length;
    if (n < count) throw new Error(`${n} ligne(s)`);
  });
}

describe('an abandoned draft', () => {
  it('is warned once, then deleted with its stored copies; the audit log keeps its lines', async () => {
    const { owner, token, id } = await startedDraft();
    // A copy attached while a draft starts the registration workflow and moves the object.
    const documentId = await placeUpload(stack.db, stack.storage, id, await samplePdf());
    const verified = await api.post(`/api/registrations/${id}/documents/${documentId}/verify`, {}, token);
    expect(verified.body.status).toBe('accepted');
    const keys = [documentKey(id, documentId), quarantineKey(id, documentId)];
    expect(await stored(keys[0]!)).toBe(true);

    await waitFor('le courriel d’avertissement', 60_000, async () => {
      if ((await warnings(owner.email)).length === 0) throw new Error('pas encore reçu');
    });
    const [warning] = await warnings(owner.email);
    expect(warning!.text).toMatch(
      /Votre brouillon sera supprimé le \d{1,2}(er)? [a-zéû]+ \d{4}, avec les copies/,
    );
    expect(warning!.text).toContain('connectez-vous pour le garder : http://localhost:3000/mon-dossier');

    await waitForAudit(id, 'retention.draft_deleted');
    const draft = stack.temporal.workflow.getHandle(draftRetentionWorkflowId(id));
    expect(await draft.result()).toBe('deleted');
    expect(await stack.db('registrations').where({ id }).first()).toBeUndefined();
    expect(await stack.db('documents').where({ registration_id: id }).count()).toEqual([{ count: '0' }]);
    expect(await Promise.all(keys.map(stored))).toEqual([false, false]);
    const registration = await stack.temporal.workflow.getHandle(registrationWorkflowId(id)).describe();
    expect(registration.status.name).toBe('TERMINATED');

    // One warning, one deletion: the audit lines stay, with ids and codes only.
    const rows = await auditOf(id);
    expect(rows.map((row) => row.action)).toEqual([
      'registration.created',
      'registration.section_saved',
      'retention.draft_warned',
      'retention.draft_deleted',
    ]);
    expect(rows[3]!.detail).toEqual({ documents: 1 });
    const identity = registrationFor().identity;
    expect(JSON.stringify(rows)).not.toContain(identity.birthName);
    expect(await warnings(owner.email)).toHaveLength(1);
    // Her account stays: she may start again, a new draft.
    expect((await api.post('/api/registrations', {}, token)).status).toBe(201);

    await stack.keepHistory(draft);
  });

  it('saved again after the warning, is not deleted at the old date but at the new one', async () => {
    const { owner, token, id } = await startedDraft();
    await waitForAudit(id, 'retention.draft_warned');
    const [first] = (await auditOf(id)).filter((row) => row.action === 'retention.draft_warned');
    const oldDeletion = Date.parse(first!.detail.deletionAt);

    const saved = await api.put(
      `/api/registrations/${id}/sections/agrement`,
      registrationFor().agrement,
      token,
    );
    expect(saved.status).toBe(200);

    // The second warning comes after the old deletion date: the draft is still there then.
    await waitForAudit(id, 'retention.draft_warned', 2);
    const second = (await auditOf(id)).filter((row) => row.action === 'retention.draft_warned')[1]!;
    expect(new Date(second.at).getTime()).toBeGreaterThan(oldDeletion);
    expect(Date.parse(second.detail.deletionAt)).toBeGreaterThan(oldDeletion);
    expect(await stack.db('registrations').where({ id }).first('id')).toEqual({ id });
    expect((await auditOf(id)).map((row) => row.action)).not.toContain('retention.draft_deleted');

    await waitForAudit(id, 'retention.draft_deleted');
    const deleted = (await auditOf(id)).find((row) => row.action === 'retention.draft_deleted')!;
    expect(new Date(deleted.at).getTime()).toBeGreaterThanOrEqual(Date.parse(second.detail.deletionAt));
    expect(await warnings(owner.email)).toHaveLength(2);
    const draft = stack.temporal.workflow.getHandle(draftRetentionWorkflowId(id));
    expect(await draft.result()).toBe('deleted');
    await stack.keepHistory(draft);
  });

  it('warns once and deletes once when a step is retried (a worker restarted mid-way)', async () => {
    const owner = await createUser(stack.db);
    const id = await insertRegistration(stack.db, owner.id, { identity: registrationFor().identity });
    const documentId = await placeUpload(stack.db, stack.storage, id, await samplePdf());
    const steps = draftRetentionActivities(stack.deps);
    // The timer's view of her last activity: after everything the database holds.
    const since = new Date(Date.now() + 1000).toISOString();
    const policy = stack.deps.policy.retention!;
    expect(await steps.warnAbandonedDraft(id, since, policy)).toEqual({ kind: 'due' });
    expect(await steps.warnAbandonedDraft(id, since, policy)).toEqual({ kind: 'due' });
    const queued = stack.db('outbox').where('dedupe_key', 'like', `draft_warning:${id}:%`).count();
    expect(await queued).toEqual([{ count: '1' }]);
    expect(await steps.deleteAbandonedDraft(id, since)).toEqual({ kind: 'due' });
    expect(await steps.deleteAbandonedDraft(id, since)).toEqual({ kind: 'ended' });
    expect(await stored(quarantineKey(id, documentId))).toBe(false);
    expect((await auditOf(id)).map((row) => row.action)).toEqual([
      'retention.draft_warned',
      'retention.draft_deleted',
    ]);
    // A save the timer did not hear of (its signal lost) still counts: the database has it.
    const other = await insertRegistration(stack.db, (await createUser(stack.db)).id, {});
    const before = new Date(Date.now() - 60_000).toISOString();
    const step = await steps.warnAbandonedDraft(other, before, policy);
    expect(step.kind).toBe('touched');
  });

  it('leaves every table that points to a registration to the deletion', async () => {
    const { rows } = await stack.db.raw(`
      select distinct c.conrelid::regclass::text as name
        from pg_constraint c
       where c.contype = 'f' and c.confrelid = 'registrations'::regclass`);
    const kept = ['outbox', 'agrement_notifications']; // their registration_id is cleared instead
    expect(rows.map((row: { name: string }) => row.name).sort()).toEqual(
      [...REGISTRATION_TABLES, ...kept].sort(),
    );
  });

  it('replays its histories deterministically', async () => {
    const { count, failures } = await stack.replayKeptHistories();
    expect(count).toBe(2);
    expect(failures).toEqual([]);
  });
});
