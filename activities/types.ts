/** What activities and the workflow exchange: ids, codes and dates, never personal data. */
import type { AvailabilityStatus, DeadlineOutcome } from '../domain/availability.ts';
import type { Actor } from '../domain/case-rules.ts';
import type { CaseStatus } from '../domain/case-status.ts';
import type { DocumentRefusal } from '../domain/documents.ts';
import type { IdentityOutcome } from '../domain/identity-check.ts';

export type DocumentVerdict =
  | { status: 'accepted'; acceptedDocuments: number }
  | { status: 'refused'; reason: DocumentRefusal; acceptedDocuments: number };

export interface TimelineEvent {
  type: string;
  at: string;
  actorId?: string | null;
  officeId?: string | null;
  messageId?: string | null;
  data?: Record<string, unknown>;
}

/** One transition of a case: the projection row to upsert and the timeline event to add. */
export interface TransitionRecord {
  registrationId: string;
  workflowId: string;
  seq: number;
  status: CaseStatus;
  officeId: string | null;
  holderId: string | null;
  identityOutcome: IdentityOutcome | null;
  submittedAt: string | null;
  dueAt: string | null;
  event: TimelineEvent;
  /** The email this transition sends her: queued in the outbox in the same transaction. */
  notice?: CaseNotice;
  /** The audit line of the person's command this transition carries out, written in the same transaction. */
  audit?: TransitionAudit;
}

/**
 * Who did what (a moderator's claim, a decision, a reassignment…): codes and ids only. Written once
 * with the timeline event, keyed by the case and the event's `seq`, however often the activity runs.
 */
export interface TransitionAudit {
  actor: Pick<Actor, 'userId' | 'role'>;
  action: string;
  detail?: Record<string, unknown>;
  /** What the line is about when it is not the case itself (a copy of her agrément); the case is in its detail. */
  target?: { type: 'document'; id: string };
}

export type NotificationTemplate =
  | 'submitted'
  | 'document_reminder'
  | 'correction_requested'
  | 'approved'
  | 'rejected'
  | 'declaration_reminder'
  | 'declaration_overdue'
  | 'change_approved'
  | 'change_refused'
  | 'agrement_suspended'
  | 'agrement_suspension_lifted'
  | 'agrement_suspension_ended'
  | 'agrement_withdrawn'
  | 'agrement_modified'
  | 'agrement_renewed'
  | 'agrement_expiry_reminder'
  | 'agrement_expired';

export interface Notification {
  registrationId: string;
  template: NotificationTemplate;
  /** Unique per registration: the same key is never sent twice, even if a worker restarts. */
  key: string;
  /** The declaration deadline the email is about (an ISO instant). */
  deadline?: string;
  /** A suspension's or withdrawal's first instant, a suspension's end (exclusive), for agrément notices. */
  from?: string;
  until?: string;
}

/** An email to her about her case, without its registration (the transition's). */
export type CaseNotice = Omit<Notification, 'registrationId'>;

/** Where she stands on her declarations, as the lifecycle workflow knows it. */
export interface DeclarationRecord {
  registrationId: string;
  availabilityStatus: AvailabilityStatus;
  lastDeclaredAt: string | null;
  nextDeadline: string | null;
  /** The deadline she missed, until she declares again. */
  overdueDeadline: string | null;
  consecutiveMisses: number;
  /** A settled deadline, when there is one to record. */
  settled?: { deadline: string; outcome: DeadlineOutcome; reminded: boolean };
}

/** What the workflow learns of a profile change: where it is checked, and nothing of its content. */
export interface ChangeRoute {
  officeId: string;
  targetWorkingDays: number;
}
