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
import { addWorkingDays } from '../domain/working-days.ts';
import type { TimelineEvent } from '../activities/types.ts';

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
  record(event: Omit<TimelineEvent, 'at'>, status?: CaseStatus): Promise<void>;
}

/** Refuses an Update with the rule's code and French message. */
export function refuse(code: CaseRuleCode | null): void {
  if (code) throw wf.ApplicationFailure.nonRetryable(CASE_RULES[code], code);
}

export function installModerationHandlers(kase: ModeratedCase): void {
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
      await kase.record({ type: 'claimed', actorId: actor.userId });
      return view();
    },
    { validator: (actor) => refuse(claimViolation(kase.snapshot(), actor)) },
  );

  wf.setHandler(
    releaseUpdate,
    async (actor) => {
      const previous = state.holderId;
      state.holderId = null;
      await kase.record({ type: 'released', actorId: actor.userId, data: { holderId: previous } });
      return view();
    },
    { validator: (actor) => refuse(releaseViolation(kase.snapshot(), actor)) },
  );

  wf.setHandler(
    assignUpdate,
    async (actor, assignee) => {
      state.holderId = assignee.userId;
      await kase.record({ type: 'assigned', actorId: actor.userId, data: { holderId: assignee.userId } });
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
      state.dueAt = addWorkingDays(new Date(), reassignment.targetWorkingDays).toISOString();
      await kase.record({
        type: 'reassigned',
        actorId: actor.userId,
        officeId: reassignment.toOfficeId,
        data: { from, to: reassignment.toOfficeId, reason: reassignment.reason },
      });
      return view();
    },
    {
      validator: (actor, reassignment) =>
        refuse(reassignViolation(kase.snapshot(), actor, reassignment.toOfficeId)),
    },
  );
}

/** Waits for the decision on a case in moderation. */
export async function awaitDecision(kase: ModeratedCase): Promise<Decision> {
  await wf.condition(() => kase.state.decision !== null);
  return kase.state.decision!;
}
