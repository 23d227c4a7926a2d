/** What activities and the workflow exchange: ids, codes and dates, never personal data. */
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
}

export type NotificationTemplate =
  'submitted' | 'document_reminder' | 'correction_requested' | 'approved' | 'rejected';

export interface Notification {
  registrationId: string;
  template: NotificationTemplate;
  /** Unique per registration: the same key is never sent twice, even if a worker restarts. */
  key: string;
}
