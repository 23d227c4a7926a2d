/**
 * Moderation of a case by its office: who holds it, who decides, and moving it between offices.
 * Any workflow that puts a case in front of moderators (a registration, later a change to a
 * published profile) installs these handlers on its state and awaits the decision here.
 */
import * as wf from '@temporalio/workflow';
import {
  assignViolation,
  CASE_RULES,
  claimViolation,
  decideViolation,
  reassignViolation,
  releaseViolation,
  type Actor,
  type CaseRuleCode,
  type CaseSnapshot,
} from '../domain/case-rules.ts';
import type { CaseStatus } from '../domain/case-status.ts';
import type { DecisionKind } from '../domain/decisions.ts';
import {
  DEFAULT_MODERATION_POLICY,
  deadlineAlerts,
  moderationDueAt,
  type DeadlineAlert,
  type ModerationPolicy,
} from '../domain/moderation-policy.ts';
import { officeDepartement } from '../domain/offices.ts';
import type { WorkingCalendar } from '../domain/working-days.ts';
import type { createActivities } from '../activities/index.ts';
import { CASE_STEP } from './activity-options.ts';
import { commandAudit, type RecordedEvent } from './case-record.ts';
import { patchedUnlessLean } from './lean.ts';

/** Due dates set before offices counted their own département's holidays replay unchanged. */
const OFFICE_CALENDAR_PATCH = 'office-working-calendar';

/** The working days an office counts in: those of its département (Alsace-Moselle has two more holidays). */
export function officeCalendar(officeId: string | null, lean?: boolean): WorkingCalendar {
  return patchedUnlessLean(OFFICE_CALENDAR_PATCH, lean) ? { departement: officeDepartement(officeId) } : {};
}

export interface Decision {
  actor: Actor;
  kind: DecisionKind;
  /** The moderator's message and coded reason live in PostgreSQL (case_messages); only the id travels. */
  messageId: string | null;
}

/** A moderator a supervisor gives the case to; the API has checked her office. */
export interface Assignee {
  userId: string;
  officeId: string;
}

export interface Reassignment {
  toOfficeId: string;
  /** The new office's target handling time, for the new due date. */
  targetWorkingDays: number;
  /** Why (shown in the case's history); a bulk reassignment passes its id. */
  reason: string | null;
}

export interface ModerationView {
  status: CaseStatus;
  seq: number;
  officeId: string | null;
  holderId: string | null;
}

// Updates, not signals: each needs an answer (done, or refused with the rule that says no), and a
// refused one must leave the case untouched. Two moderators racing: the validators run one after
// the other on the case's state, so one wins and the other gets `held_by_other`.
export const decideUpdate = wf.defineUpdate<ModerationView, [Decision]>('decide');
export const claimUpdate = wf.defineUpdate<ModerationView, [Actor]>('claim');
export const releaseUpdate = wf.defineUpdate<ModerationView, [Actor]>('release');
export const assignUpdate = wf.defineUpdate<ModerationView, [Actor, Assignee]>('assign');
export const reassignUpdate = wf.defineUpdate<ModerationView, [Actor, Reassignment]>('reassign');

/** The part of a workflow's state that moderation reads and writes (plain JSON). */
export interface ModerationState {
  status: CaseStatus;
  seq: number;
  officeId: string | null;
  holderId: string | null;
  dueAt: string | null;
  decision: Decision | null;
}

export interface ModeratedCase {
  state: ModerationState;
  snapshot(): CaseSnapshot;
  /** Writes a transition (or a timeline event) of the case. */
  record(event: RecordedEvent, status?: CaseStatus): Promise<void>;
  /** A lean registration (workflows/lean.ts): earlier patches applied without their markers. */
  lean?: boolean;
}

/** The audit line of a decision (`case.approve`, `case.reject`, `case.request_correction`); the activity adds its reason's code. */
export function decisionAudit(decision: Decision, detail: Record<string, unknown> = {}) {
  return commandAudit(decision.actor, `case.${decision.kind}`, { messageId: decision.messageId, ...detail });
}

/** Refuses an Update with the rule's code and French message. */
export function refuse(code: CaseRuleCode | null): void {
  if (code) throw wf.ApplicationFailure.nonRetryable(CASE_RULES[code], code);
}

// It only queues the emails (the outbox sends them): a deadline never waits for SMTP.
const { alertStaffOfDeadline } = wf.proxyActivities<ReturnType<typeof createActivities>>(CASE_STEP);

/** Installs the Updates of moderation on a case (the policy gives a reassigned case its new due date). */
export function installModerationHandlers(
  kase: ModeratedCase,
  policy: ModerationPolicy = DEFAULT_MODERATION_POLICY,
): void {
  const { state } = kase;
  const view = (): ModerationView => ({
    status: state.status,
    seq: state.seq,
    officeId: state.officeId,
    holderId: state.holderId,
  });

  wf.setHandler(
    decideUpdate,
    async (decision) => {
      state.decision = decision;
      // Answer once the case has moved, so the next page reads the new state.
      await wf.condition(() => state.decision === null);
      return view();
    },
    { validator: (decision) => refuse(decideViolation(kase.snapshot(), decision.actor)) },
  );

  wf.setHandler(
    claimUpdate,
    async (actor) => {
      if (state.holderId === actor.userId) return view();
      state.holderId = actor.userId;
      await kase.record({
        type: 'claimed',
        actorId: actor.userId,
        audit: commandAudit(actor, 'case.claimed'),
      });
      return view();
    },
    { validator: (actor) => refuse(claimViolation(kase.snapshot(), actor)) },
  );

  wf.setHandler(
    releaseUpdate,
    async (actor) => {
      const previous = state.holderId;
      state.holderId = null;
      await kase.record({
        type: 'released',
        actorId: actor.userId,
        data: { holderId: previous },
        audit: commandAudit(actor, 'case.released', { holderId: previous }),
      });
      return view();
    },
    { validator: (actor) => refuse(releaseViolation(kase.snapshot(), actor)) },
  );

  wf.setHandler(
    assignUpdate,
    async (actor, assignee) => {
      state.holderId = assignee.userId;
      await kase.record({
        type: 'assigned',
        actorId: actor.userId,
        data: { holderId: assignee.userId },
        audit: commandAudit(actor, 'case.assigned', { holderId: assignee.userId }),
      });
      return view();
    },
    { validator: (actor, assignee) => refuse(assignViolation(kase.snapshot(), actor, assignee.officeId)) },
  );

  wf.setHandler(
    reassignUpdate,
    async (actor, reassignment) => {
      const from = state.officeId;
      state.officeId = reassignment.toOfficeId;
      state.holderId = null;
      state.dueAt = moderationDueAt(
        new Date(),
        reassignment.targetWorkingDays,
        policy,
        officeCalendar(reassignment.toOfficeId, kase.lean),
      ).toISOString();
      await kase.record({
        type: 'reassigned',
        actorId: actor.userId,
        officeId: reassignment.toOfficeId,
        data: { from, to: reassignment.toOfficeId, reason: reassignment.reason },
        audit: commandAudit(actor, 'case.reassigned', {
          from,
          to: reassignment.toOfficeId,
          reason: reassignment.reason,
        }),
      });
      return view();
    },
    {
      validator: (actor, reassignment) =>
        refuse(reassignViolation(kase.snapshot(), actor, reassignment.toOfficeId)),
    },
  );
}

/** Histories recorded before deadline timers existed replay without them. */
const DEADLINES_PATCH = 'moderation-deadlines';

/**
 * Waits for the decision on a case in moderation. Meanwhile, durable timers remind the holder (or
 * the office when nobody holds it) before the due date and alert the supervisors after it; a
 * reassignment moves the due date, and the timers follow it.
 */
export async function awaitDecision(
  kase: ModeratedCase,
  policy: ModerationPolicy = DEFAULT_MODERATION_POLICY,
): Promise<Decision> {
  const { state } = kase;
  const decided = () => state.decision !== null;
  if (!patchedUnlessLean(DEADLINES_PATCH, kase.lean)) {
    await wf.condition(decided);
    return state.decision!;
  }
  const sent = new Set<string>();
  while (!decided()) {
    const dueAt = state.dueAt;
    const moved = () => decided() || state.dueAt !== dueAt;
    const alerts = dueAt ? deadlineAlerts(new Date(dueAt), policy) : null;
    const next = alerts
      ? (['reminder', 'escalation'] as const).find((alert) => !sent.has(`${alert}:${dueAt}`))
      : undefined;
    if (!alerts || !next) {
      await wf.condition(moved);
      continue;
    }
    const wait = alerts[next].getTime() - Date.now();
    if (wait > 0 && (await wf.condition(moved, wait))) continue;
    sent.add(`${next}:${dueAt}`);
    await alertStaff(kase, next, dueAt!);
  }
  return state.decision!;
}

/** Emails the people a deadline concerns (the activity finds their addresses) and adds it to the timeline. */
async function alertStaff(kase: ModeratedCase, alert: DeadlineAlert, dueAt: string): Promise<void> {
  const { state } = kase;
  const outcome = await alertStaffOfDeadline({
    workflowId: wf.workflowInfo().workflowId,
    alert,
    dueAt,
    officeId: state.officeId,
    holderId: state.holderId,
  });
  // Already sent for this due date (a correction loop brings the case back with the same one).
  if (!outcome.sent) return;
  await kase.record({
    type: alert === 'reminder' ? 'deadline_reminder_sent' : 'deadline_escalated',
    officeId: state.officeId,
    data: { dueAt, to: outcome.to, recipients: outcome.recipients },
  });
}
