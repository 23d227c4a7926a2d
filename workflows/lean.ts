/**
 * The lean registration (issue 10) is one patch that stands for every patch before it. A case
 * started with it has the earlier changes applied without their markers (each marker costs two
 * history events, one of them an upsert of the TemporalChangeVersion search attribute); histories
 * from before it replay through the earlier patches one by one, as they were recorded.
 */
import * as wf from '@temporalio/workflow';

/**
 * Projection writes, routing, publication and the handover to her lifecycle as local activities
 * (a marker each, in the workflow task that asked for them); search attributes once per batch.
 */
export const LEAN_REGISTRATION_PATCH = 'lean-registration';

/**
 * The lean lifecycle: the same for her life after activation. Her declarations and edits write the
 * projection, publish and record through local activities (no workflow task of their own); the
 * search attributes follow only what operators see; the lifecycle's earlier patches are applied
 * without their markers. Set once in a run, carried by the state to every run after it.
 */
export const LEAN_LIFECYCLE_PATCH = 'lean-lifecycle';

/** An earlier patch: applied in a lean case, asked of the history otherwise. */
export function patchedUnlessLean(patch: string, lean: boolean | undefined): boolean {
  return lean === true || wf.patched(patch);
}
