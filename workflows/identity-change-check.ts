/**
 * Her change of identity after activation, checked against SNGI as her registration's identity was,
 * before it reaches the pivot CAF. The check runs after her Update has answered: the registry may be
 * down for hours, and she is told the check is under way rather than kept waiting. The values stay
 * in `profile_changes`; only the change's id and the graded outcome travel here.
 */
import * as wf from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';
import type { ChangeRoute, TransitionAudit } from '../activities/types.ts';
import type { IdentityOutcome } from '../domain/identity-check.ts';
import { moderationDueAt } from '../domain/moderation-policy.ts';
import type { LifecyclePolicy } from '../domain/policy.ts';
import type { Section } from '../domain/registration.ts';
import { CASE_STEP, UNTIL_IT_WORKS } from './activity-options.ts';
import type { CaseRecorder } from './case-record.ts';
import type { LifecycleState } from './childminder.ts';
import { officeCalendar } from './moderation.ts';

/** Identity changes made before this check went to the moderator at once (their histories replay so). */
export const IDENTITY_CHANGE_CHECK_PATCH = 'identity-change-check';

/** Once the registry is back, a waiting change is checked again within this (the registration's default). */
const IDENTITY_RETRY_MAX_INTERVAL = '1 minute';

type Activities = ReturnType<typeof createActivities>;

// The case's own progress: PostgreSQL being down is waited out, however long.
const remote = wf.proxyActivities<Activities>(CASE_STEP);
const local = wf.proxyLocalActivities<Activities>(CASE_STEP);

export interface ModeratedChanges {
  policy: LifecyclePolicy;
  state: LifecycleState;
  record: CaseRecorder;
}

/** Her change goes to the queue of the pivot CAF that checks it, due within the office's time. */
export async function submitChange(
  { policy, state, record }: ModeratedChanges,
  change: { changeId: string; section: Section; actorId: string | null; audit?: TransitionAudit },
  route: ChangeRoute,
  identityOutcome?: IdentityOutcome,
): Promise<void> {
  state.officeId = route.officeId;
  state.holderId = null;
  state.submittedAt = new Date().toISOString();
  state.dueAt = moderationDueAt(
    new Date(),
    route.targetWorkingDays,
    policy.moderation,
    officeCalendar(route.officeId, record.lean),
  ).toISOString();
  await record(
    {
      type: 'change_submitted',
      actorId: change.actorId,
      officeId: route.officeId,
      data: {
        section: change.section,
        changeId: change.changeId,
        ...(identityOutcome ? { identityOutcome } : {}),
      },
      ...(change.audit ? { audit: change.audit } : {}),
    },
    'change_in_moderation',
  );
}

export interface IdentityChangeChecks {
  /** Never settles while the run lasts. */
  running: Promise<never>;
  /** The checked change is being routed: the run does not end in the middle (the check itself may). */
  routing(): boolean;
}

/**
 * Waits for an identity change received by her Update, checks it (retried while the registry is
 * down, never turned into a refusal), then routes it. A run that ends during the check leaves it
 * marked in the state: the next run asks again under the same key, and gets the first answer.
 */
export function checkIdentityChanges(
  lifecycle: ModeratedChanges,
  /** Her case closed (patched): a change checked meanwhile is not routed to the CAF. */
  closed: () => boolean = () => false,
): IdentityChangeChecks {
  const { policy, state, record } = lifecycle;
  const { checkIdentityChange } = wf.proxyActivities<Activities>({
    // The call has its own 15 s limit; the heartbeat tells a dead worker within seconds.
    startToCloseTimeout: '30 seconds',
    heartbeatTimeout: '5 seconds',
    retry: {
      ...UNTIL_IT_WORKS,
      initialInterval: '1 second',
      maximumInterval: policy.identityRetryMaxInterval ?? IDENTITY_RETRY_MAX_INTERVAL,
    },
  });
  const { routeProfileChange, closeProfileChange } = record.lean ? local : remote;
  let routing = false;

  async function checkThenRoute(pending: NonNullable<LifecycleState['pendingChange']>): Promise<void> {
    let outcome: IdentityOutcome;
    try {
      outcome = await checkIdentityChange(pending.changeId);
    } catch (error) {
      if (!(error instanceof wf.ActivityFailure)) throw error;
      // Her case closed meanwhile: the closure took the change out of the queue, nothing to tell.
      if (closed()) return;
      // Only a change that no longer exists as proposed reaches here: it is dropped, nothing published.
      await closeProfileChange({ changeId: pending.changeId, outcome: 'refused', messageId: null });
      state.pendingChange = null;
      await record({
        type: 'change_refused',
        data: { section: pending.section, changeId: pending.changeId, dropped: 'identity_check_failed' },
      });
      return;
    }
    if (closed()) return;
    routing = true;
    try {
      const route = await routeProfileChange(pending.changeId);
      state.pendingChange = { changeId: pending.changeId, section: pending.section };
      await submitChange(
        lifecycle,
        { changeId: pending.changeId, section: pending.section, actorId: pending.actorId ?? null },
        route,
        outcome,
      );
    } finally {
      routing = false;
    }
  }

  async function loop(): Promise<never> {
    for (;;) {
      await wf.condition(() => state.pendingChange?.checking === true);
      await checkThenRoute(state.pendingChange!);
    }
  }

  return { running: loop(), routing: () => routing };
}
