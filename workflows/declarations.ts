/**
 * Her availability declarations against their deadlines, inside her lifecycle: a reminder ahead of
 * the deadline unless she has declared (or is unavailable), then the deadline settled, and a missed
 * one marked overdue. Durable timers, not a cron: the deadlines are instants from the policy.
 */
import * as wf from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';
import type { DeclarationRecord } from '../activities/types.ts';
import {
  declarationCovered,
  declarationCycle,
  deadlineOutcome,
  type AvailabilityStatus,
  type DeclarationCycle,
} from '../domain/availability.ts';
import type { LifecyclePolicy } from '../domain/policy.ts';
import { reminderInstant } from '../domain/reminder-spread.ts';
import { CASE_STEP } from './activity-options.ts';
import { recordWithNotice, type CaseRecorder } from './case-record.ts';

/** The part of her lifecycle's state about declarations (plain JSON, carried across runs). */
export interface DeclarationState {
  /** Null until read once from her verified declaration. */
  availability: AvailabilityStatus | null;
  lastDeclaredAt: string | null;
  overdueDeadline: string | null;
  consecutiveMisses: number;
  /** The deadline she was last reminded of: a new run within the same period does not remind her again. */
  remindedFor?: string | null;
}

export interface DeclarationDuty {
  registrationId: string;
  policy: LifecyclePolicy;
  state: DeclarationState;
  record: CaseRecorder;
}

type Activities = ReturnType<typeof createActivities>;

const remote = wf.proxyActivities<Activities>(CASE_STEP);
const local = wf.proxyLocalActivities<Activities>(CASE_STEP);
const recordDeclaration = (duty: DeclarationDuty, record: DeclarationRecord) =>
  (duty.record.lean ? local : remote).recordDeclaration(record);

/** Where she stands, for the read model, given the period she is in now. */
export function declarationRecord(duty: DeclarationDuty): DeclarationRecord {
  const { state } = duty;
  return {
    registrationId: duty.registrationId,
    availabilityStatus: state.availability ?? 'available',
    lastDeclaredAt: state.lastDeclaredAt,
    nextDeadline: declarationCycle(new Date(), duty.policy.declarationDeadlines)?.deadline ?? null,
    overdueDeadline: state.overdueDeadline,
    consecutiveMisses: state.consecutiveMisses,
  };
}

/** A declaration she just made (an availability change, "complète" or "indisponible"). */
export async function declared(duty: DeclarationDuty, status: AvailabilityStatus): Promise<void> {
  duty.state.availability = status;
  duty.state.lastDeclaredAt = new Date().toISOString();
  duty.state.overdueDeadline = null;
  await recordDeclaration(duty, declarationRecord(duty));
}

/**
 * Waits out one period: reminds her ahead of its deadline if needed, then settles the deadline.
 * `rollover` (when given) interrupts the wait for a new run, which takes up the same period where
 * this one stopped: a reminder already sent is not sent again.
 */
export async function settleDeclarationPeriod(
  duty: DeclarationDuty,
  period: DeclarationCycle,
  rollover: (() => boolean) | null = null,
): Promise<'settled' | 'interrupted'> {
  const { state, policy, registrationId } = duty;
  const covered = () => declarationCovered(state.lastDeclaredAt, state.availability ?? 'available', period);
  const stop = rollover ?? (() => false);
  // No patch: a run from before the spread has a policy without one, hence the same instant.
  const reminderAt = reminderInstant(period.deadline, policy, registrationId);
  if (state.remindedFor !== period.deadline && Date.now() < reminderAt) {
    if (!(await wf.condition(() => covered() || stop(), reminderAt - Date.now()))) {
      await recordWithNotice(duty.record, registrationId, {
        event: { type: 'declaration_reminder_sent', data: { deadline: period.deadline } },
        notice: {
          template: 'declaration_reminder',
          key: `declaration_reminder:${period.deadline}`,
          deadline: period.deadline,
        },
        noticeFirst: true,
      });
      state.remindedFor = period.deadline;
    } else if (!covered()) {
      return 'interrupted';
    }
  }
  const untilDeadline = Date.parse(period.deadline) - Date.now();
  if (untilDeadline > 0) {
    if (!rollover) await wf.sleep(untilDeadline);
    else if (await wf.condition(rollover, untilDeadline)) return 'interrupted';
  }
  const reminded = state.remindedFor === period.deadline;

  const outcome = deadlineOutcome(state.lastDeclaredAt, state.availability ?? 'available', period);
  state.consecutiveMisses = outcome === 'overdue' ? state.consecutiveMisses + 1 : 0;
  if (outcome === 'overdue') state.overdueDeadline = period.deadline;
  await recordDeclaration(duty, {
    ...declarationRecord(duty),
    settled: { deadline: period.deadline, outcome, reminded },
  });
  if (outcome === 'overdue') {
    await recordWithNotice(duty.record, registrationId, {
      event: {
        type: 'declaration_overdue',
        data: { deadline: period.deadline, consecutiveMisses: state.consecutiveMisses },
      },
      notice: {
        template: 'declaration_overdue',
        key: `declaration_overdue:${period.deadline}`,
        deadline: period.deadline,
      },
    });
  }
  return 'settled';
}
