/**
 * Many cases at once for the fault suite, through the real path (the case's workflow verifies each
 * agrément copy): drafts with their copy accepted, ready to submit; and the waits a fault test needs.
 */
import type { Client } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { caseCommands } from '../../../api/cases/commands.ts';
import type { CaseStatus } from '../../../domain/case-status.ts';
import { waitFor } from '../../../stack/wait.ts';
import {
  createUser,
  insertRegistration,
  placeUpload,
  registrationFor,
  samplePng,
} from '../../support/fixtures.ts';
import type { FileStack } from '../../support/stack.ts';

export type Draft = Awaited<ReturnType<typeof draftWithDocument>>;

/** Runs `work` on every item, `size` at a time. */
export async function inBatches<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, lane));
  return results;
}

/** A childminder's draft, complete, with an accepted copy of her agrément: her case exists, not submitted. */
export async function draftWithDocument(stack: FileStack, png: Uint8Array) {
  const commands = caseCommands(stack.deps);
  const owner = await createUser(stack.db);
  const registrationId = await insertRegistration(stack.db, owner.id, registrationFor());
  const documentId = await placeUpload(stack.db, stack.storage, registrationId, png, 'image/png');
  const verdict = await commands.attachDocument(registrationId, owner.id, owner.actor, documentId);
  if (verdict.status !== 'accepted') throw new Error(`copie refusée : ${JSON.stringify(verdict)}`);
  return { owner, registrationId };
}

export async function drafts(stack: FileStack, count: number): Promise<Draft[]> {
  const png = await samplePng();
  return inBatches(
    Array.from({ length: count }, (_, i) => i),
    20,
    () => draftWithDocument(stack, png),
  );
}

/** How many of these cases the projection shows in each status. */
export async function statusCounts(stack: FileStack, ids: string[]): Promise<Record<string, number>> {
  const rows: Array<{ status: CaseStatus; n: string }> = await stack
    .db('cases')
    .whereIn('registration_id', ids)
    .groupBy('status')
    .select('status', stack.db.raw('count(*) as n'));
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
}

/** Waits until every one of these cases shows `status`. */
export async function allReach(stack: FileStack, ids: string[], status: CaseStatus, timeoutMs: number) {
  await waitFor(`${ids.length} dossiers au statut ${status}`, timeoutMs, async () => {
    const counts = await statusCounts(stack, ids);
    if ((counts[status] ?? 0) !== ids.length) throw new Error(JSON.stringify(counts));
  });
}

/**
 * Watches these cases from `instant` (a kill) until each has moved again, that is, until its row is
 * written again; resolves with how long each took, in ms (their maximum is the recovery time).
 */
export async function progressAfter(stack: FileStack, ids: string[], instant: number, timeoutMs: number) {
  const moved = new Map<string, number>();
  await waitFor(`la reprise de ${ids.length} dossiers`, timeoutMs, async () => {
    const rows: string[] = await stack
      .db('cases')
      .whereIn(
        'registration_id',
        ids.filter((id) => !moved.has(id)),
      )
      .where('updated_at', '>', new Date(instant))
      .pluck('registration_id');
    for (const id of rows) moved.set(id, Date.now() - instant);
    if (moved.size < ids.length) throw new Error(`${moved.size} sur ${ids.length}`);
  });
  return ids.map((id) => moved.get(id)!);
}

const WORK_STARTED = new Set([
  proto.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
  proto.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED,
]);

/**
 * How long after `instant` a worker took up each of these workflows again: the first workflow task
 * or activity attempt it started, from the workflow's history (server time), in ms.
 */
export async function takenUpAfter(temporal: Client, workflowIds: string[], instant: number) {
  return inBatches(workflowIds, 20, async (workflowId) => {
    const history = await temporal.workflow.getHandle(workflowId).fetchHistory();
    const times = (history.events ?? [])
      .filter((event) => WORK_STARTED.has(event.eventType!))
      .map(
        (event) => Number(event.eventTime!.seconds) * 1000 + Math.floor((event.eventTime!.nanos ?? 0) / 1e6),
      )
      .filter((at) => at > instant);
    if (times.length === 0) throw new Error(`${workflowId} : aucune reprise après l’arrêt`);
    return Math.min(...times) - instant;
  });
}

/** The events of a workflow around `instant`, as offsets in ms: what a failing recovery test shows. */
export async function timelineAround(temporal: Client, workflowId: string, instant: number): Promise<string> {
  const history = await temporal.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? [])
    .map((event) => {
      const at = Number(event.eventTime!.seconds) * 1000 + Math.floor((event.eventTime!.nanos ?? 0) / 1e6);
      const type = proto.api.enums.v1.EventType[event.eventType!]!.replace('EVENT_TYPE_', '');
      const activity = event.activityTaskScheduledEventAttributes?.activityType?.name ?? '';
      return { at, line: `${at - instant} ms ${type} ${activity}` };
    })
    .filter((event) => event.at > instant - 15_000)
    .map((event) => event.line)
    .join('\n');
}
