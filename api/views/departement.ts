/** Answers of the départements' routes (api/routes/departement.ts) and of the pivot CAF's queue of unmatched notifications. */
import { z } from 'zod';
import { NOTIFICATION_KINDS } from '../../domain/agrement-notifications.ts';
import { caseStatus, timestamp } from './common.ts';

const outcome = z.enum(['applied', 'already_applied', 'unmatched', 'refused']);
const refusal = z.object({ code: z.string(), message: z.string() }).nullable();

export const notificationReceivedView = z.object({
  outcome,
  notificationId: z.uuid().nullable(),
  refusal,
});

export const batchReportView = z.object({
  counts: z.record(outcome, z.int()),
  lines: z.array(
    z.object({
      line: z.int(),
      reference: z.string().nullable(),
      outcome,
      refusal,
    }),
  ),
});

export const notificationItem = z.object({
  id: z.uuid(),
  reference: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  agrementNumber: z.string(),
  outcome: z.enum(['applied', 'unmatched', 'refused']),
  channel: z.enum(['form', 'batch', 'api']),
  effectiveAt: timestamp,
  endsAt: timestamp.nullable(),
  receivedAt: timestamp,
});

export const notificationListView = z.object({ items: z.array(notificationItem) });

export const unmatchedListView = z.object({
  items: z.array(
    notificationItem.extend({ departement: z.string(), birthName: z.string(), birthDate: z.string() }),
  ),
});

export const departementChildmindersView = z.object({
  departement: z.object({ code: z.string(), name: z.string() }),
  items: z.array(
    z.object({
      registrationId: z.uuid(),
      /** Her name as published (usage name, else birth name, and first names). */
      name: z.string(),
      agrementNumber: z.string().nullable(),
      expiryDate: z.string().nullable(),
      capacity: z.int().nullable(),
      workplace: z.enum(['home', 'mam']).nullable(),
      caseStatus,
      agrementState: z.enum(['in_force', 'suspended', 'withdrawn', 'expired']),
      suspendedUntil: timestamp.nullable(),
      published: z.boolean(),
    }),
  ),
});

/** A client of the département's systems as listed: never its secret (only a hash is kept). */
export const apiClientView = z.object({
  id: z.uuid(),
  label: z.string(),
  createdAt: timestamp,
  /** The agent who created it. */
  createdBy: z.string(),
  lastUsedAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
});

export const apiClientListView = z.object({ items: z.array(apiClientView) });

/** The answer to its creation: the only time its secret is given. */
export const apiClientCreatedView = z.object({
  id: z.uuid(),
  label: z.string(),
  createdAt: timestamp,
  secret: z.string(),
});
