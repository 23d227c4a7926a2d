/**
 * A département's notifications inside her lifecycle: each one told to her (timeline and email)
 * once, and the end of a suspension told when its instant comes (a durable timer), unless she was
 * withdrawn meanwhile. Publication itself follows the standing's instants in PostgreSQL (the one
 * publication rule), so a parent never waits on this timer; the workflow tells her and records it.
 * A signal, not an Update: a fact from outside that the département does not wait on; the API has
 * already applied it, once, by the département's reference.
 */
import * as wf from '@temporalio/workflow';
import type { AgrementStanding, NotificationKind } from '../domain/agrement-notifications.ts';
import type { AgrementAtActivation } from '../activities/agrement-adoption.ts';
import type { NotificationTemplate } from '../activities/types.ts';
import { recordWithNotice, type CaseRecorder } from './case-record.ts';

/** What the signal carries: ids, codes and instants, never her name. */
export interface AgrementNotice {
  notificationId: string;
  kind: NotificationKind;
  /** Her standing once this notification is applied. */
  standing: AgrementStanding;
}

export const agrementNotifiedSignal = wf.defineSignal<[AgrementNotice]>('agrementNotified');

/** The part of her lifecycle's state about her agrément (plain JSON, carried across runs). */
export interface AgrementWatchState {
  standing: AgrementStanding;
  /** Notices received and not yet told to her. */
  inbox: AgrementNotice[];
  /** The latest notices told, so that a signal sent again is told once. */
  seen: string[];
  /** The end of a suspension already told (its instant). */
  endTold: string | null;
}

const SEEN_KEPT = 50;

const TEMPLATES: Record<NotificationKind, NotificationTemplate | null> = {
  suspension: 'agrement_suspended',
  lifting: 'agrement_suspension_lifted',
  withdrawal: 'agrement_withdrawn',
  modification: 'agrement_modified',
  renewal: 'agrement_renewed',
  new_agrement: null,
};

export function newAgrementWatchState(): AgrementWatchState {
  return {
    standing: { suspendedFrom: null, suspendedUntil: null, withdrawnFrom: null },
    inbox: [],
    seen: [],
    endTold: null,
  };
}

/** Her lifecycle's first state about her agrément: what was notified before, still to tell her. */
export function agrementWatchAtActivation(at: AgrementAtActivation): AgrementWatchState {
  return { ...newAgrementWatchState(), standing: at.standing, inbox: [...at.notices] };
}

/**
 * Sets the signal's handler; returns the loop that tells her, and whether it has nothing left to tell
 * now. `onNotice` hears each new notice as it arrives (her expiry's timers follow a renewal);
 * `onTold` acts once it is told (a withdrawal starts her record's retention purge).
 */
export function watchAgrement(
  registrationId: string,
  watch: AgrementWatchState,
  record: CaseRecorder,
  onNotice: (notice: AgrementNotice) => void = () => {},
  onTold: (notice: AgrementNotice) => Promise<void> = async () => {},
) {
  let telling = false;
  wf.setHandler(agrementNotifiedSignal, (notice) => {
    if (watch.seen.includes(notice.notificationId)) return;
    if (watch.inbox.some((n) => n.notificationId === notice.notificationId)) return;
    watch.inbox.push(notice);
    onNotice(notice);
  });

  /** The suspension's end still to tell, as a time in ms, or null. */
  const pendingEnd = (): number | null => {
    const { suspendedUntil, withdrawnFrom } = watch.standing;
    if (!suspendedUntil || withdrawnFrom !== null || watch.endTold === suspendedUntil) return null;
    return Date.parse(suspendedUntil);
  };

  async function tell(notice: AgrementNotice) {
    watch.standing = notice.standing;
    const template = TEMPLATES[notice.kind];
    const { suspendedFrom, suspendedUntil, withdrawnFrom } = notice.standing;
    const data = { notificationId: notice.notificationId, suspendedFrom, suspendedUntil, withdrawnFrom };
    const event = { type: `agrement_${notice.kind}`, data };
    if (template) {
      await recordWithNotice(record, registrationId, {
        event,
        notice: {
          template,
          key: `agrement:${notice.notificationId}`,
          ...(suspendedFrom ? { from: suspendedFrom } : {}),
          ...(suspendedUntil ? { until: suspendedUntil } : {}),
          ...(withdrawnFrom ? { from: withdrawnFrom } : {}),
        },
      });
    } else {
      await record(event);
    }
    // A lifting tells her she is back: the end of that suspension needs no second email.
    if (notice.kind === 'lifting') watch.endTold = suspendedUntil;
    await onTold(notice);
    watch.seen = [...watch.seen, notice.notificationId].slice(-SEEN_KEPT);
  }

  async function running(): Promise<never> {
    for (;;) {
      telling = true;
      while (watch.inbox.length > 0) {
        await tell(watch.inbox[0]!);
        watch.inbox.shift();
      }
      telling = false;
      const end = pendingEnd();
      if (end === null) {
        await wf.condition(() => watch.inbox.length > 0);
      } else if (!(await wf.condition(() => watch.inbox.length > 0, Math.max(end - Date.now(), 1)))) {
        const until = watch.standing.suspendedUntil!;
        telling = true;
        await recordWithNotice(record, registrationId, {
          event: { type: 'agrement_suspension_ended', data: { suspendedUntil: until } },
          notice: { template: 'agrement_suspension_ended', key: `agrement_end:${until}`, until },
        });
        watch.endTold = until;
        telling = false;
      }
    }
  }

  return { running, idle: () => !telling && watch.inbox.length === 0 };
}
