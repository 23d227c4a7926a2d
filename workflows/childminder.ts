/**
 * A childminder's life after activation, `childminder:<registrationId>`: her profile edits (applied
 * at once, or checked by the pivot CAF while the verified values stay published) and her availability
 * declarations against their legal deadlines. One run per deadline, then continue-as-new, so that the
 * history stays small over years. It carries ids and codes only; her data stays in PostgreSQL.
 */
import * as wf from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';
import { declarationCycle, type AvailabilityStatus } from '../domain/availability.ts';
import type { Actor } from '../domain/case-rules.ts';
import type { CaseStatus } from '../domain/case-status.ts';
import type { IdentityOutcome } from '../domain/identity-check.ts';
import type { LifecyclePolicy } from '../domain/policy.ts';
import { CHANGE_RULES, profileChangeViolation, type ChangeRuleCode } from '../domain/profile-changes.ts';
import type { Section } from '../domain/registration.ts';
import { moderationDueAt } from '../domain/moderation-policy.ts';
import {
  awaitDecision,
  installModerationHandlers,
  officeCalendar,
  refuse,
  type Decision,
  type ModeratedCase,
  type ModerationState,
} from './moderation.ts';
import {
  declarationRecord,
  declared,
  settleDeclarationPeriod,
  type DeclarationDuty,
  type DeclarationState,
} from './declarations.ts';
import { caseRecorder, caseSnapshot } from './case-record.ts';

/** A change she made; its values are in `profile_changes`, the API has classified it with the domain rule. */
export interface ProfileChange {
  changeId: string;
  section: Section;
  /** It goes to the pivot CAF instead of applying at once. */
  moderated: boolean;
  /** What she declared, for an availability change (a code). */
  availability: AvailabilityStatus | null;
}

/** Everything a run hands to the next one: plain JSON. */
export interface LifecycleState extends ModerationState, DeclarationState {
  identityOutcome: IdentityOutcome | null;
  /** The office of her verified département: the case goes back there after a change is decided. */
  verifiedOfficeId: string | null;
  /** When her registration was submitted; while a change waits, when the change was. */
  submittedAt: string | null;
  registrationSubmittedAt: string | null;
  pendingChange: { changeId: string; section: Section } | null;
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
  pendingChange: { changeId: string; section: Section } | null;
  availability: AvailabilityStatus | null;
  lastDeclaredAt: string | null;
  overdueDeadline: string | null;
}

// An Update, not a signal: she needs to know whether her change is published or sent to the CAF,
// and a refused one (a change already waiting) must leave her profile untouched.
export const changeProfileUpdate = wf.defineUpdate<LifecycleView, [Actor, ProfileChange]>('changeProfile');
export const lifecycleQuery = wf.defineQuery<LifecycleView>('lifecycle');

export function childminderWorkflowId(registrationId: string): string {
  return `childminder:${registrationId}`;
}

type Activities = ReturnType<typeof createActivities>;

const { notifyChildminder, recordDeclaration, availabilityStatusOf, closeProfileChange } =
  wf.proxyActivities<Activities>({ startToCloseTimeout: '30 seconds' });
// Inside her Update: a bounded wait, so that she gets an answer rather than a spinner.
const { applyProfileChange, publishProfile, routeProfileChange } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumAttempts: 5 },
});

function refuseChange(code: ChangeRuleCode | 'not_owner' | null): void {
  if (code === 'not_owner') refuse(code);
  else if (code) throw wf.ApplicationFailure.nonRetryable(CHANGE_RULES[code], code);
}

/** Only an ApplicationFailure may leave an Update handler; any other error would retry the task forever. */
async function orUnavailable<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw wf.ApplicationFailure.nonRetryable(
      'Votre modification ne peut pas être enregistrée pour le moment. Réessayez dans quelques minutes.',
      'profile_unavailable',
      error instanceof Error ? error.message : String(error),
    );
  }
}

export async function childminder(input: ChildminderInput): Promise<void> {
  const { registrationId, ownerId, policy } = input;
  const state: LifecycleState = input.state;
  let applyingDecision = false;

  const snapshot = () => caseSnapshot(state, ownerId);
  const view = (): LifecycleView => ({
    status: state.status,
    seq: state.seq,
    officeId: state.officeId,
    pendingChange: state.pendingChange,
    availability: state.availability,
    lastDeclaredAt: state.lastDeclaredAt,
    overdueDeadline: state.overdueDeadline,
  });

  // The same case row as the registration's, continuing its `seq`.
  const record = caseRecorder(registrationId, state, () => wf.workflowInfo().workflowId);

  const duty: DeclarationDuty = { registrationId, policy, state, record };

  wf.setHandler(lifecycleQuery, view);

  wf.setHandler(
    changeProfileUpdate,
    async (actor, change) => {
      if (change.moderated) {
        // Taken before any await, so that a second change racing this one is refused by its validator.
        state.pendingChange = { changeId: change.changeId, section: change.section };
        const route = await orUnavailable(() => routeProfileChange(change.changeId)).catch((failure) => {
          state.pendingChange = null;
          throw failure;
        });
        state.officeId = route.officeId;
        state.holderId = null;
        state.submittedAt = new Date().toISOString();
        state.dueAt = moderationDueAt(
          new Date(),
          route.targetWorkingDays,
          policy.moderation,
          officeCalendar(route.officeId),
        ).toISOString();
        await record(
          {
            type: 'change_submitted',
            actorId: actor.userId,
            officeId: route.officeId,
            data: { section: change.section, changeId: change.changeId },
          },
          'change_in_moderation',
        );
        return view();
      }
      await orUnavailable(async () => {
        await applyProfileChange(change.changeId);
        await publishProfile(registrationId);
      });
      if (change.section === 'availability' && change.availability) {
        await declared(duty, change.availability);
        await record({
          type: 'availability_declared',
          actorId: actor.userId,
          data: { status: change.availability, changeId: change.changeId },
        });
      } else {
        await record({
          type: 'profile_updated',
          actorId: actor.userId,
          data: { section: change.section, changeId: change.changeId },
        });
      }
      return view();
    },
    {
      validator: (actor, change) =>
        refuseChange(
          profileChangeViolation(
            { status: state.status, ownerId, pendingSection: state.pendingChange?.section ?? null },
            actor,
            change.section,
            change.moderated,
          ),
        ),
    },
  );

  const moderated: ModeratedCase = { state, snapshot, record };
  installModerationHandlers(moderated, policy.moderation);

  /** A moderator's decision on her pending change: applied and republished, or dropped with the message. */
  async function decideChange(decision: Decision): Promise<void> {
    applyingDecision = true;
    const pending = state.pendingChange!;
    const decided = {
      actorId: decision.actor.userId,
      messageId: decision.messageId,
      data: { section: pending.section, changeId: pending.changeId, decision: decision.kind },
    };
    if (decision.kind === 'approve') {
      await applyProfileChange(pending.changeId);
      await publishProfile(registrationId);
      state.verifiedOfficeId = state.officeId;
    } else {
      await closeProfileChange({
        changeId: pending.changeId,
        outcome: decision.kind === 'reject' ? 'refused' : 'correction_requested',
        messageId: decision.messageId,
      });
      state.officeId = state.verifiedOfficeId;
    }
    state.pendingChange = null;
    state.holderId = null;
    state.dueAt = null;
    state.submittedAt = state.registrationSubmittedAt;
    const approved = decision.kind === 'approve';
    await record({ type: approved ? 'change_approved' : 'change_refused', ...decided }, 'active');
    state.decision = null;
    await notifyChildminder({
      registrationId,
      template: approved ? 'change_approved' : 'change_refused',
      key: `${approved ? 'change_approved' : 'change_refused'}:${pending.changeId}`,
    });
    applyingDecision = false;
  }

  // Decisions on changes come whenever a moderator makes them, alongside the deadline timers below.
  void (async () => {
    for (;;) await decideChange(await awaitDecision(moderated, policy.moderation));
  })();

  if (state.availability === null) {
    // Her registration's declaration counts as her first; one made meanwhile wins.
    const verified = await availabilityStatusOf(registrationId);
    state.availability ??= verified;
    state.lastDeclaredAt ??= new Date().toISOString();
  }
  await recordDeclaration(declarationRecord(duty));

  const period = declarationCycle(new Date(), policy.declarationDeadlines);
  if (period) {
    await settleDeclarationPeriod(duty, period);
  } else {
    // No deadline left (a test's explicit list): only her edits and their moderation go on.
    await wf.condition(() => wf.workflowInfo().continueAsNewSuggested);
  }

  // A fresh run for the next cycle; a decision being applied finishes first.
  await wf.condition(() => !applyingDecision && state.decision === null && wf.allHandlersFinished());
  await wf.continueAsNew<typeof childminder>({ ...input, state });
}
