/**
 * A moderator's decisions on her pending change, inside her lifecycle: applied and republished, or
 * dropped with the message. They run beside her declaration timers for as long as the run lasts,
 * as a promise the run awaits (never a floating one: a failure must not go unhandled).
 */
import * as wf from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';
import type { LifecyclePolicy } from '../domain/policy.ts';
import type { Section } from '../domain/registration.ts';
import { CASE_STEP } from './activity-options.ts';
import { recordWithNotice, type CaseRecorder } from './case-record.ts';
import type { LifecycleState } from './childminder.ts';
import { awaitDecision, decisionAudit, type Decision, type ModeratedCase } from './moderation.ts';

// The case's own progress: PostgreSQL being down is waited out, however long.
const { applyProfileChange, publishProfile, closeProfileChange } =
  wf.proxyActivities<ReturnType<typeof createActivities>>(CASE_STEP);

export interface ChangeDecisions {
  /** Never settles while the run lasts. */
  running: Promise<never>;
  /** A decision is being applied: the run does not end in the middle of one. */
  applying(): boolean;
}

export function decideChanges(lifecycle: {
  registrationId: string;
  policy: LifecyclePolicy;
  state: LifecycleState;
  record: CaseRecorder;
  moderated: ModeratedCase;
  /** Hears each approved change once applied (her expiry's timers follow a new agrément date). */
  onApplied?: (section: Section) => void;
}): ChangeDecisions {
  const { registrationId, policy, state, record, moderated } = lifecycle;
  let applying = false;

  /** The case goes back to her verified office, with nobody holding it and nothing due. */
  function backToActive(): void {
    state.pendingChange = null;
    state.holderId = null;
    state.dueAt = null;
    state.submittedAt = state.registrationSubmittedAt;
  }

  async function decide(decision: Decision): Promise<void> {
    const pending = state.pendingChange!;
    const decided = {
      actorId: decision.actor.userId,
      messageId: decision.messageId,
      data: { section: pending.section, changeId: pending.changeId, decision: decision.kind },
      audit: decisionAudit(decision, { changeId: pending.changeId }),
    };
    if (decision.kind === 'approve') {
      await applyProfileChange(pending.changeId);
      await publishProfile(registrationId);
      state.verifiedOfficeId = state.officeId;
      lifecycle.onApplied?.(pending.section);
    } else {
      await closeProfileChange({
        changeId: pending.changeId,
        outcome: decision.kind === 'reject' ? 'refused' : 'correction_requested',
        messageId: decision.messageId,
      });
      state.officeId = state.verifiedOfficeId;
    }
    backToActive();
    const approved = decision.kind === 'approve';
    const template = approved ? 'change_approved' : 'change_refused';
    await recordWithNotice(record, registrationId, {
      event: { type: template, ...decided },
      status: 'active',
      notice: { template, key: `${template}:${pending.changeId}` },
      afterRecord: () => (state.decision = null),
    });
  }

  /**
   * Only a refusal of the rules reaches here (our own systems are waited for): the change cannot be
   * applied (it was closed meanwhile). The case goes back to active, the verified values published.
   */
  async function drop(decision: Decision, code: string): Promise<void> {
    const pending = state.pendingChange;
    state.officeId = state.verifiedOfficeId;
    backToActive();
    await record(
      {
        type: 'change_refused',
        actorId: decision.actor.userId,
        data: { ...pending, decision: decision.kind, dropped: code },
        audit: decisionAudit(decision, { changeId: pending?.changeId ?? null, dropped: code }),
      },
      'active',
    );
    state.decision = null;
  }

  async function loop(): Promise<never> {
    for (;;) {
      const decision = await awaitDecision(moderated, policy.moderation);
      applying = true;
      try {
        await decide(decision);
      } catch (error) {
        // A bug is not a decision: it fails the workflow task, to be retried once fixed.
        if (!(error instanceof wf.ActivityFailure)) throw error;
        const code = error.cause instanceof wf.ApplicationFailure ? (error.cause.type ?? 'failed') : 'failed';
        wf.log.error('décision sur une modification abandonnée', { registrationId, code });
        await drop(decision, code);
      } finally {
        applying = false;
      }
    }
  }

  return { running: loop(), applying: () => applying };
}
