/** What the personal-data routes answer: her data export, and the closure of her account. */
import { z } from 'zod';
import { caseStatus, day, role, sectionValue, timestamp } from './common.ts';
import { documentView, timelineEntryView } from './registration.ts';

const at = timestamp.nullable();

export const personalDataView = z.object({
  exportedAt: timestamp,
  account: z.object({
    email: z.string(),
    displayName: z.string(),
    role,
    createdAt: timestamp,
    emailVerifiedAt: at,
    lastLoginAt: at,
    passwordChangedAt: at,
    openSessions: z.array(z.object({ createdAt: timestamp, lastSeenAt: timestamp, expiresAt: timestamp })),
  }),
  registration: z
    .object({
      id: z.uuid(),
      createdAt: timestamp,
      updatedAt: timestamp,
      submittedAt: at,
      identity: sectionValue.nullable(),
      agrement: sectionValue.nullable(),
      contact: sectionValue.nullable(),
      availability: sectionValue.nullable(),
    })
    .nullable(),
  case: z
    .object({
      status: caseStatus,
      officeName: z.string().nullable(),
      departement: z.string().nullable(),
      identityOutcome: z.string().nullable(),
      submittedAt: at,
      decidedAt: at,
    })
    .nullable(),
  published: z.object({ profile: sectionValue, publishedAt: timestamp, updatedAt: timestamp }).nullable(),
  documents: z.array(documentView.extend({ downloadPath: z.string().nullable() })),
  identityChecks: z.array(z.object({ outcome: z.string(), checkedAt: timestamp })),
  timeline: z.array(timelineEntryView),
  profileChanges: z.array(
    z.object({
      section: z.string(),
      status: z.string(),
      value: sectionValue,
      createdAt: timestamp,
      decidedAt: at,
    }),
  ),
  contactRequests: z.array(
    z.object({
      status: z.string(),
      parentName: z.string().nullable(),
      ageGroup: z.string(),
      startDate: day,
      days: z.array(z.string()),
      message: z.string().nullable(),
      createdAt: timestamp,
      answerKind: z.string().nullable(),
      answerChannel: z.string().nullable(),
      answerMessage: z.string().nullable(),
      declineReason: z.string().nullable(),
      answeredAt: at,
    }),
  ),
  relayConsents: z.array(z.object({ relayName: z.string(), grantedAt: timestamp, withdrawnAt: at })),
  emails: z.array(z.object({ template: z.string(), createdAt: timestamp, sentAt: at })),
  audit: z.array(
    z.object({
      at: timestamp,
      action: z.string(),
      /** `herself`, or the role of whoever acted (never a name), or null for the system. */
      actor: z.string().nullable(),
      about: z.string(),
    }),
  ),
});

/** Her account closed: what was kept, and why, in French. */
export const accountClosedView = z.object({
  closed: z.literal(true),
  keeps: z.enum(['nothing', 'case_until_appeal', 'case_for_legal_period']),
  explanation: z.array(z.string()),
  removedDocuments: z.int(),
});
