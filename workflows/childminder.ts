/**
 * A childminder's life after activation, `childminder:<registrationId>`: her profile edits (applied
 * at once, or checked by the pivot CAF while the verified values stay published) and her availability
 * declarations against their legal deadlines. One run per deadline, then continue-as-new, and sooner
 * whenever Temporal suggests it (many edits), so that the history stays small over years. It carries
 * ids and codes only; her data stays in PostgreSQL.
 */
import * as wf from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';
import { declarationCycle, type AvailabilityStatus } from '../domain/availability.ts';
import type { CaseStatus } from '../domain/case-status.ts';
import type { IdentityOutcome } from '../domain/identity-check.ts';
import type { LifecyclePolicy } from '../domain/policy.ts';
import type { DailyCount } from '../domain/daily-count.ts';
import type { Section } from '../domain/registration.ts';
import { CASE_STEP } from './activity-options.ts';
import { caseRecorder, caseSnapshot } from './case-record.ts';
import { LEAN_LIFECYCLE_PATCH, patchedUnlessLean } from './lean.ts';
import type { AttestationChecks } from './change-attestation.ts';
import { decideChanges } from './change-decisions.ts';
import {
  declarationRecord,
  settleDeclarationPeriod,
  type DeclarationDuty,
  type DeclarationState,
} from './declarations.ts';
import { installModerationHandlers, type ModeratedCase, type ModerationState } from './moderation.ts';
import { installProfileEdits } from './profile-edits.ts';
import { checkIdentityChanges } from './identity-change-check.ts';
import { newAgrementWatchState, watchAgrement, type AgrementWatchState } from './agrement-standing.ts';
import { newAgrementExpiryState, watchExpiry, type AgrementExpiryState } from './agrement-expiry.ts';
import { startCeasedRecordPurge, startExpiredAgrementPurge } from './retention-purge.ts';
import {
  CASE_CLOSURE_PATCH,
  QUIET_WHEN_CLOSED_PATCH,
  watchClosure,
  type CaseClosureState,
} from './case-closure.ts';

export { changeProfileUpdate, type ProfileChange } from './profile-edits.ts';
export { agrementNotifiedSignal, type AgrementNotice } from './agrement-standing.ts';

/** Everything a run hands to the next one: plain JSON. */
export interface LifecycleState extends ModerationState, DeclarationState, AttestationChecks {
  identityOutcome: IdentityOutcome | null;
  /** The office of her verified département: the case goes back there after a change is decided. */
  verifiedOfficeId: string | null;
  /** When her registration was submitted; while a change waits, when the change was. */
  submittedAt: string | null;
  registrationSubmittedAt: string | null;
  /**
   * Her change waiting for the CAF. An identity change is first `checking` against SNGI
   * (workflows/identity-change-check.ts), `actorId` being who made it.
   */
  pendingChange: { changeId: string; section: Section; checking?: boolean; actorId?: string } | null;
  /** Her changes of the day, against the daily limit (absent in runs from before the limit). */
  changesToday?: DailyCount | null;
  /** What the départements notified about her agrément (absent in runs from before they could). */
  agrement?: AgrementWatchState;
  /** Her agrément's expiry and the milestones told (absent in runs from before the reminders). */
  expiry?: AgrementExpiryState;
  /** Her case's closure, to come or done (absent in runs from before a withdrawal closed it). */
  closure?: CaseClosureState | null;
  /** A lean lifecycle (workflows/lean.ts); absent in runs from before it. */
  lean?: boolean;
  /** Closed, she has no declaration nor expiry timer any more (absent in runs from before it). */
  quiet?: boolean;
}

export interface ChildminderInput {
  registrationId: string;
  ownerId: string;
  policy: LifecyclePolicy;
  state: LifecycleState;
}

export interface LifecycleView {
  status: CaseStatus;
  seq: number;
  officeId: string | null;
  pendingChange: { changeId: string; section: Section; checking?: boolean } | null;
  availability: AvailabilityStatus | null;
  lastDeclaredAt: string | null;
  overdueDeadline: string | null;
}

export const lifecycleQuery = wf.defineQuery<LifecycleView>('lifecycle');

export function childminderWorkflowId(registrationId: string): string {
  return `childminder:${registrationId}`;
}

type Activities = ReturnType<typeof createActivities>;

const remote = wf.proxyActivities<Activities>(CASE_STEP);
const local = wf.proxyLocalActivities<Activities>(CASE_STEP);

/** Runs from before the lifecycle continued as new on Temporal's suggestion, not only at each deadline. */
const ROLLOVER_PATCH = 'lifecycle-rollover-when-suggested';
/** Runs from before the départements' notifications reached her lifecycle. */
const AGREMENT_PATCH = 'agrement-notifications';
/** Runs from before her agrément's expiry had its reminders and its end told. */
const EXPIRY_PATCH = 'agrement-expiry';
/** Withdrawals told before the retention policy started no purge of her record. */
const CEASED_PURGE_PATCH = 'ceased-record-purge';
/** Expiries told before an expired agrément's record was purged started no purge. */
const EXPIRED_PURGE_PATCH = 'expired-agrement-purge';

export async function childminder(input: ChildminderInput): Promise<void> {
  const { registrationId, ownerId, policy } = input;
  const state: LifecycleState = input.state;
  // Asked first, once: a run from before it replays without it; the runs after a lean one are lean.
  const lean = state.lean === true || wf.patched(LEAN_LIFECYCLE_PATCH);
  state.lean = lean;
  const { recordDeclaration, availabilityStatusOf } = lean ? local : remote;

  const snapshot = () => caseSnapshot(state, ownerId);
  const view = (): LifecycleView => ({
    status: state.status,
    seq: state.seq,
    officeId: state.officeId,
    pendingChange: state.pendingChange && {
      changeId: state.pendingChange.changeId,
      section: state.pendingChange.section,
      ...(state.pendingChange.checking ? { checking: true } : {}),
    },
    availability: state.availability,
    lastDeclaredAt: state.lastDeclaredAt,
    overdueDeadline: state.overdueDeadline,
  });

  // The same case row as the registration's, continuing its `seq`.
  const record = caseRecorder(registrationId, state, () => wf.workflowInfo().workflowId, { lean });

  const duty: DeclarationDuty = { registrationId, policy, state, record };

  // Closed for good, she may not work and may have no account: no deadline, reminder nor expiry is
  // told any more, and a change still waiting is no longer hers to wait for (the closure's activity
  // took it out of the queue). Asked when the case closes, so an open case's history has no marker.
  let quiet = state.quiet === true || (state.status === 'closed' && wf.patched(QUIET_WHEN_CLOSED_PATCH));
  const goQuiet = () => {
    quiet = true;
    state.quiet = true;
    state.pendingChange = null;
    state.holderId = null;
    state.dueAt = null;
  };
  if (quiet) goQuiet();
  /** Never settles: waits for her case to close, then quiets the run. */
  async function quietWhenClosed(): Promise<never> {
    await wf.condition(() => state.status === 'closed');
    if (wf.patched(QUIET_WHEN_CLOSED_PATCH)) goQuiet();
    return wf.condition(() => false) as Promise<never>;
  }
  const quieting = quiet ? [] : [quietWhenClosed()];
  const closedForGood = () => wf.condition(() => wf.workflowInfo().continueAsNewSuggested);

  wf.setHandler(lifecycleQuery, view);
  // Decided once the handlers are set: histories from before the patch never refuse an edit for it.
  let rollover: (() => boolean) | null = null;
  const rollingOver = () => rollover?.() ?? false;
  installProfileEdits({ registrationId, ownerId, policy, state, record, duty, view, rollingOver });

  const moderated: ModeratedCase = { state, snapshot, record, lean };
  installModerationHandlers(moderated, policy.moderation);

  // Her expiry's timers, set up below, follow the date when a renewal or an approved change moves it.
  let expiry: ReturnType<typeof watchExpiry> | null = null;

  // Decisions on changes come whenever a moderator makes them, alongside the deadline timers below.
  const decisions = decideChanges({
    registrationId,
    policy,
    state,
    record,
    moderated,
    onApplied: (section) => {
      if (section === 'agrement') expiry?.dateMayHaveMoved();
    },
  });

  // Her identity changes are checked against SNGI after her Update has answered, then routed.
  const identityChecks = checkIdentityChanges({ policy, state, record }, () => quiet);

  if (patchedUnlessLean(ROLLOVER_PATCH, lean)) rollover = () => wf.workflowInfo().continueAsNewSuggested;

  // Her agrément's notices are told alongside the rest; none is lost across a new run (the inbox is state).
  let agrement: ReturnType<typeof watchAgrement> | null = null;
  if (patchedUnlessLean(AGREMENT_PATCH, lean)) {
    state.agrement ??= newAgrementWatchState();
    agrement = watchAgrement(
      registrationId,
      state.agrement,
      record,
      (notice) => {
        if (notice.kind === 'renewal' || notice.kind === 'modification') expiry?.dateMayHaveMoved();
      },
      // Her record is kept the legal period from the withdrawal's effect, then purged (a child, abandoned);
      // her case closes when the withdrawal takes effect.
      async ({ kind, standing }) => {
        if (kind === 'withdrawal' && standing.withdrawnFrom && wf.patched(CEASED_PURGE_PATCH))
          await startCeasedRecordPurge(registrationId, standing.withdrawnFrom, policy.retention);
        if (kind === 'withdrawal' && standing.withdrawnFrom && wf.patched(CASE_CLOSURE_PATCH))
          state.closure = { reason: 'agrement_withdrawn', from: standing.withdrawnFrom };
      },
    );
  }
  // Waits on the state alone: a run that never hears of a withdrawal writes no command for it.
  const closing = agrement
    ? watchClosure(
        () => state.closure,
        () => state.status === 'closed',
        record,
        (closure) => (state.closure = closure),
      )
    : null;
  if (patchedUnlessLean(EXPIRY_PATCH, lean)) {
    state.expiry ??= newAgrementExpiryState();
    // A new run reads the date again: a change missed by an older run is caught up here.
    state.expiry.stale = true;
    const withdrawn = () => (state.agrement?.standing.withdrawnFrom ?? null) !== null || quiet;
    // Never renewed, her record is purged the legal period after the expiry (a child, abandoned).
    expiry = watchExpiry(registrationId, state.expiry, policy, record, withdrawn, async (expiryDate) => {
      if (wf.patched(EXPIRED_PURGE_PATCH))
        await startExpiredAgrementPurge(registrationId, expiryDate, policy.retention);
    });
  }
  const agrementIdle = () =>
    (agrement?.idle() ?? true) && (expiry?.idle() ?? true) && (closing?.idle() ?? true);
  const agrementRunning: Promise<never>[] = [
    ...(agrement ? [agrement.running()] : []),
    ...(expiry ? [expiry.running()] : []),
    ...(closing ? [closing.running()] : []),
  ];

  /** This run's share of her declarations: one period, or until Temporal suggests a new run. */
  async function declarations(): Promise<void> {
    if (quiet) return closedForGood();
    if (state.availability === null) {
      // Her registration's declaration counts as her first; one made meanwhile wins.
      const verified = await availabilityStatusOf(registrationId);
      state.availability ??= verified;
      state.lastDeclaredAt ??= new Date().toISOString();
    }
    await recordDeclaration(declarationRecord(duty));

    const period = declarationCycle(new Date(), policy.declarationDeadlines);
    if (period) {
      const stop = rollover;
      await settleDeclarationPeriod(duty, period, stop && (() => stop() || quiet));
      if (quiet) await closedForGood();
    } else {
      // No deadline left (a test's explicit list): only her edits and their moderation go on.
      await wf.condition(() => wf.workflowInfo().continueAsNewSuggested);
    }
  }

  // A decision that fails for an unexpected reason fails this run's task, visibly, rather than hangs.
  await Promise.race([
    decisions.running,
    identityChecks.running,
    declarations(),
    ...agrementRunning,
    ...quieting,
  ]);

  // A fresh run for the next cycle; a decision being applied, and every Update, finishes first.
  await Promise.race([
    decisions.running,
    identityChecks.running,
    ...agrementRunning,
    ...quieting,
    wf.condition(
      () =>
        !decisions.applying() &&
        !identityChecks.routing() &&
        state.decision === null &&
        agrementIdle() &&
        wf.allHandlersFinished(),
    ),
  ]);
  await wf.continueAsNew<typeof childminder>({ ...input, state });
}
