/** What the moderation routes answer: the queue, a case as staff see it, its notes. */
import { z } from 'zod';
import {
  caseStatus,
  closureReason,
  officeRef,
  sectionValue,
  staffStatusExplanation,
  timestamp,
} from './common.ts';
import {
  agrementStandingView,
  changeView,
  declarationView,
  documentView,
  timelineEntryView,
} from './registration.ts';

export const queueItemView = z.object({
  id: z.uuid(),
  status: caseStatus,
  closureReason,
  officeId: z.string(),
  departement: z.string().nullable(),
  identityOutcome: z.string().nullable(),
  submittedAt: timestamp.nullable(),
  statusSince: timestamp,
  dueAt: timestamp.nullable(),
  overdue: z.boolean(),
  holderId: z.uuid().nullable(),
  holderName: z.string().nullable(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  /** Her agrément's last valid day is past. */
  agrementExpired: z.boolean(),
});

const byStatus = z.record(caseStatus, z.int());

export const queueView = z.object({
  items: z.array(queueItemView),
  next: z.string().nullable(),
  total: z.int(),
  overdue: z.int(),
  byStatus,
  /** What the « Agrément expiré » choice would show with the other filters kept. */
  expired: z.int(),
  offices: z.array(officeRef),
  departements: z.array(z.string()),
});

export const noteView = z.object({
  id: z.uuid(),
  body: z.string(),
  authorName: z.string(),
  createdAt: timestamp,
});
export const notesView = z.object({ notes: z.array(noteView) });

export const staffCaseView = z.object({
  id: z.uuid(),
  case: z.object({
    status: caseStatus,
    officeId: z.string().nullable(),
    officeName: z.string().nullable(),
    holderId: z.uuid().nullable(),
    holderName: z.string().nullable(),
    departement: z.string().nullable(),
    identityOutcome: z.string().nullable(),
    submittedAt: timestamp.nullable(),
    statusSince: timestamp,
    dueAt: timestamp.nullable(),
    decidedAt: timestamp.nullable(),
    closureReason,
    seq: z.int(),
    overdue: z.boolean(),
    ...staffStatusExplanation,
  }),
  sections: z.object({
    identity: sectionValue.nullable(),
    agrement: sectionValue.nullable(),
    contact: sectionValue.nullable(),
    availability: sectionValue.nullable(),
  }),
  identityCheck: z.object({ outcome: z.string(), fields: z.unknown(), checkedAt: timestamp }).nullable(),
  facts: z.array(
    z.object({
      code: z.string(),
      label: z.string(),
      level: z.enum(['ok', 'warning', 'problem']),
      detail: z.string(),
    }),
  ),
  documents: z.array(documentView),
  duplicates: z.array(
    z.object({
      registrationId: z.uuid().nullable(),
      on: z.enum(['nir', 'agrement_number']),
      status: z.string().nullable(),
      officeName: z.string().nullable(),
    }),
  ),
  timeline: z.array(timelineEntryView),
  notes: z.array(noteView),
  pendingChange: changeView.nullable(),
  /** Her change that was waiting when her case closed: closed with it, no longer to decide. */
  closedChange: changeView.nullable(),
  declaration: declarationView.nullable(),
  /** What her département notified (suspended, withdrawn: her case closed, and why), and her expiry. */
  agrementStanding: agrementStandingView,
  assignees: z.array(z.object({ id: z.uuid(), name: z.string() })),
});
