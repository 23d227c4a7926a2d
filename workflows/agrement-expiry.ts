/**
 * Her agrément's expiry inside her lifecycle: durable timers to the milestones of its date (reminders
 * 6, 3 and 1 months ahead, then the expiry), each told once (timeline and email). A renewal or an
 * approved change of her agrément moves the date: the date is read again and the timers follow it.
 * Publication itself reads the date against `now()` in PostgreSQL (the one publication rule): at the
 * instant of expiry she is out of every public answer without waiting for this timer.
 */
import * as wf from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';
import { dueMilestone, expiresAt, expiryMilestones, nextMilestone } from '../domain/agrement-expiry.ts';
import type { LifecyclePolicy } from '../domain/policy.ts';
import { CASE_STEP } from './activity-options.ts';
import { recordWithNotice, type CaseRecorder } from './case-record.ts';

const { agrementExpiryOf } = wf.proxyActivities<ReturnType<typeof createActivities>>(CASE_STEP);

/** The part of her lifecycle's state about her agrément's expiry (plain JSON, carried across runs). */
export interface AgrementExpiryState {
  /** Her agrément's last valid day, as last read. */
  expiryDate: string | null;
  /** The step of the last milestone of that date told to her (-1: none). */
  told: number;
  /** The date must be read again (first run, a renewal, an approved change). */
  stale: boolean;
}

export function newAgrementExpiryState(): AgrementExpiryState {
  return { expiryDate: null, told: -1, stale: true };
}

/** Returns the loop of her expiry's timers, whether it is busy telling, and how to say the date moved. */
export function watchExpiry(
  registrationId: string,
  watch: AgrementExpiryState,
  policy: LifecyclePolicy,
  record: CaseRecorder,
  /** Her agrément was withdrawn: nothing about its renewal is told any more. */
  withdrawn: () => boolean,
  /** Its expiry has just been told (her lifecycle sets the purge of her record). */
  onExpired?: (expiryDate: string) => Promise<void>,
) {
  let telling = false;

  async function readDate(): Promise<void> {
    watch.stale = false;
    const date = await agrementExpiryOf(registrationId);
    if (date !== watch.expiryDate) {
      watch.expiryDate = date;
      watch.told = -1;
    }
  }

  async function tell(expiryDate: string, step: number, kind: 'reminder' | 'expiry'): Promise<void> {
    const until = expiresAt(expiryDate).toISOString();
    const template = kind === 'expiry' ? 'agrement_expired' : 'agrement_expiry_reminder';
    await recordWithNotice(record, registrationId, {
      event: { type: template, data: { expiryDate, step } },
      notice: { template, key: `agrement_expiry:${expiryDate}:${step}`, until },
    });
    watch.told = step;
    if (kind === 'expiry') await onExpired?.(expiryDate);
  }

  async function running(): Promise<never> {
    for (;;) {
      if (withdrawn()) await wf.condition(() => !withdrawn());
      if (watch.stale) {
        telling = true;
        await readDate();
        telling = false;
      }
      const date = watch.expiryDate;
      const milestones = date ? expiryMilestones(date, policy.agrementExpiryRemindersBeforeMs) : [];
      const due = dueMilestone(milestones, watch.told, new Date());
      if (date && due) {
        telling = true;
        await tell(date, due.step, due.kind);
        telling = false;
        continue;
      }
      const next = nextMilestone(milestones, new Date());
      const moved = () => watch.stale || withdrawn();
      if (next) await wf.condition(moved, Math.max(Date.parse(next.at) - Date.now(), 1));
      else await wf.condition(moved);
    }
  }

  return {
    running,
    idle: () => !telling,
    /** Her agrément's data changed (a renewal, an approved change): the date is read again. */
    dateMayHaveMoved: () => {
      watch.stale = true;
    },
  };
}
