/**
 * Her edits after activation, an Update of her lifecycle: applied and published at once, or sent to
 * the pivot CAF while the verified values stay published; a limited number a day. When PostgreSQL
 * does not answer in time she is told so, and her profile is as it was.
 */
import * as wf from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';
import type { AvailabilityStatus } from '../domain/availability.ts';
import { countToday, oneMoreToday } from '../domain/daily-count.ts';
import type { Actor } from '../domain/case-rules.ts';
import type { LifecyclePolicy } from '../domain/policy.ts';
import {
  CHANGE_RULES,
  changesPerDayViolation,
  profileChangeViolation,
  type ChangeRuleCode,
} from '../domain/profile-changes.ts';
import type { Section } from '../domain/registration.ts';
import { WHILE_SHE_WAITS } from './activity-options.ts';
import { commandAudit, type CaseRecorder } from './case-record.ts';
import type { LifecycleState, LifecycleView } from './childminder.ts';
import { checkAttestation, refuseBeyondDailyUploads } from './change-attestation.ts';
import { declared, type DeclarationDuty } from './declarations.ts';
import { IDENTITY_CHANGE_CHECK_PATCH, submitChange } from './identity-change-check.ts';
import { refuse } from './moderation.ts';

/** A change she made; its values are in `profile_changes`, the API has classified it with the domain rule. */
export interface ProfileChange {
  changeId: string;
  section: Section;
  /** It goes to the pivot CAF instead of applying at once. */
  moderated: boolean;
  /** What she declared, for an availability change (a code). */
  availability: AvailabilityStatus | null;
  /** The new attestation sent with a change of her agrément data, checked before it goes to the CAF. */
  documentId?: string | null;
  /**
   * Her command's audit line (the API names the action: hers, a relay's on her behalf…; ids and codes
   * only), written with the event that records the change, in its transaction.
   */
  audit?: { action: string; detail: Record<string, unknown> };
}

/** The audit line of `change`, made by `actor`, if the API asked for one. */
function changeAudit(actor: Actor, change: ProfileChange) {
  return change.audit ? { audit: commandAudit(actor, change.audit.action, change.audit.detail) } : {};
}

// An Update, not a signal: she needs to know whether her change is published or sent to the CAF,
// and a refused one (a change already waiting) must leave her profile untouched.
export const changeProfileUpdate = wf.defineUpdate<LifecycleView, [Actor, ProfileChange]>('changeProfile');

// Inside her Update: a bounded wait, so that she gets an answer rather than a spinner.
const remote = wf.proxyActivities<ReturnType<typeof createActivities>>(WHILE_SHE_WAITS);
// A lean lifecycle (workflows/lean.ts) makes them in the Update's own workflow task.
const local = wf.proxyLocalActivities<ReturnType<typeof createActivities>>(WHILE_SHE_WAITS);

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

/**
 * Refused while her lifecycle is about to continue as new: the edit goes to the next run (the API
 * sends it again a moment later), so that a steady stream of edits cannot keep a run from ending.
 */
export const ROLLING_OVER = 'lifecycle_rolling_over';

export interface EditableProfile {
  /** Temporal suggests a new run: new edits wait for it. */
  rollingOver(): boolean;
  registrationId: string;
  ownerId: string;
  policy: LifecyclePolicy;
  state: LifecycleState;
  record: CaseRecorder;
  duty: DeclarationDuty;
  view(): LifecycleView;
}

export function installProfileEdits(lifecycle: EditableProfile): void {
  const { registrationId, ownerId, policy, state, record, duty, view, rollingOver } = lifecycle;
  // Changes under way count against today's limit, so that racing ones cannot pass it together.
  let underWay = 0;
  let checksUnderWay = 0;
  const madeToday = () => countToday(state.changesToday, new Date()) + underWay;
  const { applyProfileChange, publishProfile, routeProfileChange } = record.lean ? local : remote;

  /** The copy sent with the change, if any, checked first: a refused one refuses the change. */
  async function withAttestation(actor: Actor, change: ProfileChange): Promise<void> {
    if (!change.documentId) return;
    checksUnderWay += 1;
    try {
      await checkAttestation(state, record, actor, {
        changeId: change.changeId,
        documentId: change.documentId,
      });
    } finally {
      checksUnderWay -= 1;
    }
  }

  async function applyChange(actor: Actor, change: ProfileChange): Promise<LifecycleView> {
    if (change.moderated) {
      // Taken before any await, so that a second change racing this one is refused by its validator.
      state.pendingChange = { changeId: change.changeId, section: change.section };
      if (change.section === 'identity' && wf.patched(IDENTITY_CHANGE_CHECK_PATCH)) {
        // Received now, checked against SNGI after this answer (workflows/identity-change-check.ts).
        await record({
          type: 'change_received',
          actorId: actor.userId,
          data: { section: change.section, changeId: change.changeId },
          ...changeAudit(actor, change),
        });
        state.pendingChange = { ...state.pendingChange, checking: true, actorId: actor.userId };
        return view();
      }
      const route = await withAttestation(actor, change)
        .then(() => orUnavailable(() => routeProfileChange(change.changeId)))
        .catch((failure) => {
          state.pendingChange = null;
          throw failure;
        });
      await submitChange(
        { policy, state, record },
        {
          changeId: change.changeId,
          section: change.section,
          actorId: actor.userId,
          ...changeAudit(actor, change),
        },
        route,
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
        ...changeAudit(actor, change),
      });
    } else {
      await record({
        type: 'profile_updated',
        actorId: actor.userId,
        data: { section: change.section, changeId: change.changeId },
        ...changeAudit(actor, change),
      });
    }
    return view();
  }

  wf.setHandler(
    changeProfileUpdate,
    async (actor, change) => {
      underWay += 1;
      try {
        const answer = await applyChange(actor, change);
        state.changesToday = oneMoreToday(state.changesToday, new Date());
        return answer;
      } finally {
        underWay -= 1;
      }
    },
    {
      validator: (actor, change) => {
        if (rollingOver())
          throw wf.ApplicationFailure.nonRetryable(
            'Votre profil est en cours d’enregistrement : réessayez dans un instant.',
            ROLLING_OVER,
          );
        refuseChange(
          profileChangeViolation(
            { status: state.status, ownerId, pendingSection: state.pendingChange?.section ?? null },
            actor,
            change.section,
            change.moderated,
          ),
        );
        refuseChange(changesPerDayViolation(madeToday(), policy.maxChangesPerDay));
        if (change.documentId) refuseBeyondDailyUploads(state, checksUnderWay);
      },
    },
  );
}
