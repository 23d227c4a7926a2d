/** What a childminder's routes answer: her registration, its documents, her published profile. */
import { z } from 'zod';
import { IDENTITY_OUTCOMES, type IdentityOutcome } from '../../domain/identity-check.ts';
import { CHANGE_REASONS, PROFILE_SECTIONS } from '../../domain/profile-changes.ts';
import { SECTIONS } from '../../domain/registration.ts';
import {
  caseCommandView,
  caseStatus,
  closureReason,
  sectionValue,
  statusExplanation,
  timestamp,
} from './common.ts';

export const registrationIdView = z.object({ id: z.uuid() });

const message = z.object({
  id: z.uuid(),
  kind: z.enum(['correction_request', 'rejection', 'note']),
  reasonCode: z.string().nullable(),
  body: z.string(),
  fields: z.array(z.string()),
  createdAt: timestamp,
});

export const timelineEntryView = z.object({
  seq: z.int(),
  type: z.string(),
  status: caseStatus,
  at: timestamp,
  actorName: z.string().nullable(),
  officeName: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
  message: message.nullable(),
  onBehalf: z.object({ relayName: z.string(), forName: z.string() }).nullable(),
});

export const documentView = z.object({
  id: z.uuid(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().nullable(),
  status: z.enum(['pending', 'accepted', 'refused', 'removed']),
  refusalCode: z.string().nullable(),
  createdAt: timestamp,
});

const sections = z.object(
  Object.fromEntries(SECTIONS.map((s) => [s, sectionValue.nullable()])) as Record<
    (typeof SECTIONS)[number],
    z.ZodNullable<typeof sectionValue>
  >,
);

/** Her agrément's standing as her département notified it, and what it makes of her case. */
export const agrementStandingView = z.object({
  state: z.enum(['in_force', 'suspended', 'withdrawn', 'expired']),
  suspendedFrom: z.string().nullable(),
  suspendedUntil: z.string().nullable(),
  withdrawnFrom: z.string().nullable(),
  /** Her agrément's last valid day. */
  expiryDate: z.string().nullable(),
  /** Its expiry is near (6 months or less): she is reminded to ask the PMI for its renewal. */
  renewalDue: z.boolean(),
  /** Closed by a withdrawal: readable, no longer edited (the API's refusals carry the same code). */
  closure: z
    .object({ code: z.literal('agrement_withdrawn'), reason: z.string().nullable(), message: z.string() })
    .nullable(),
  /** Her declared places above her agrément's capacity (lowered by a modification): to correct. */
  placesAboveCapacity: z.object({ declared: z.int(), capacity: z.int(), message: z.string() }).nullable(),
});

export const registrationView = z.object({
  id: z.uuid(),
  emailVerified: z.boolean(),
  sections,
  missingSections: z.array(z.enum(SECTIONS)),
  editable: z.boolean(),
  case: z.object({
    status: caseStatus,
    closureReason,
    officeName: z.string().nullable(),
    submittedAt: timestamp.nullable(),
    statusSince: timestamp.nullable(),
    decidedAt: timestamp.nullable(),
    seq: z.int(),
    // Her identity check's outcome (domain/identity-check.ts), null before the check.
    identityOutcome: z.string().nullable(),
    ...statusExplanation,
  }),
  correction: message.nullable(),
  rejection: message.nullable(),
  documents: z.array(documentView),
  timeline: z.array(timelineEntryView),
  warnings: z.array(
    z.object({ code: z.string(), severity: z.enum(['error', 'warning']), message: z.string() }),
  ),
  /** Her agrément's standing as the départements notified it (domain/agrement-notifications.ts). */
  agrementStanding: agrementStandingView,
});

export const sectionSavedView = z.object({ section: z.enum(SECTIONS), value: sectionValue });
export const caseStatusView = z.object({ status: caseStatus });

export const uploadView = z.object({
  documentId: z.uuid(),
  upload: z.object({ url: z.string(), fields: z.record(z.string(), z.string()) }),
});

export const documentVerdictView = z.union([
  z.object({ status: z.literal('accepted') }),
  z.object({ status: z.literal('refused'), reason: z.string(), message: z.string() }),
]);

export const documentRemovedView = z.object({ status: z.literal('removed'), acceptedDocuments: z.int() });

export const changeView = z.object({
  id: z.uuid(),
  section: z.enum(SECTIONS),
  value: z.unknown(),
  reasons: z.array(z.object({ code: z.enum(Object.keys(CHANGE_REASONS) as [string]), label: z.string() })),
  status: z.enum(['checking', 'pending', 'approved', 'refused', 'correction_requested', 'closed_with_case']),
  identityCheck: z
    .object({
      outcome: z.enum(Object.keys(IDENTITY_OUTCOMES) as [IdentityOutcome]),
      label: z.string(),
      attention: z.string().nullable(),
      fields: z.record(z.string(), z.string()),
      checkedAt: timestamp,
    })
    .nullable(),
  /** The attestation sent with a change of her agrément (a renewal, a modification), if any. */
  documentId: z.uuid().nullable(),
  createdAt: timestamp,
  decidedAt: timestamp.nullable(),
  message: z
    .object({ reasonCode: z.string().nullable(), body: z.string(), fields: z.array(z.string()) })
    .nullable(),
});

export const declarationView = z.object({
  availabilityStatus: z.string(),
  lastDeclaredAt: timestamp.nullable(),
  nextDeadline: timestamp.nullable(),
  overdueDeadline: timestamp.nullable(),
  consecutiveMisses: z.int(),
});

export const profileView = z.object({
  id: z.uuid(),
  active: z.boolean(),
  case: z.object({
    status: caseStatus,
    closureReason,
    officeName: z.string().nullable(),
    ...statusExplanation,
  }),
  sections: z.object(
    Object.fromEntries(PROFILE_SECTIONS.map((s) => [s, sectionValue.nullable()])) as Record<
      (typeof PROFILE_SECTIONS)[number],
      z.ZodNullable<typeof sectionValue>
    >,
  ),
  pendingChange: changeView.nullable(),
  lastDecision: changeView.nullable(),
  declaration: declarationView.extend({ overdueNotice: z.string().nullable() }).nullable(),
  publishedAt: timestamp.nullable(),
  /** Her case closed by a withdrawal of her agrément: why, in French (she may no longer edit). */
  closure: agrementStandingView.shape.closure,
});

export const publicProfileView = z.object({ profile: sectionValue, updatedAt: timestamp });

export const profileChangeView = z.object({
  section: z.enum(SECTIONS),
  /** `checking`: an identity change received, checked against SNGI before it goes to the CAF. */
  outcome: z.enum(['applied', 'checking', 'pending', 'unchanged']),
  reasons: z.array(z.object({ code: z.string(), label: z.string() })),
});

export const availabilityDeclaredView = z.object({
  section: z.literal('availability'),
  outcome: z.enum(['applied', 'checking', 'pending', 'unchanged']),
  status: z.enum(['full', 'unavailable']),
});

export { caseCommandView };
