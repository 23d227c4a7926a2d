/** Answers of the départements' routes (api/routes/departement.ts) and of the pivot CAF's queue of unmatched notifications. */
import { z } from 'zod';
import { NOTIFICATION_KINDS } from '../../domain/agrement-notifications.ts';
import { caseStatus, day, timestamp } from './common.ts';

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
  /** All her département's registrations, and those whose agrément expired, whatever the filter. */
  counts: z.object({ total: z.int(), expired: z.int() }),
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

/** The list of childminders who have not declared (api/routes/departement-missed.ts). */
export const missedDeclarationsView = z.object({
  /** The whole list, before filters: all, at a first miss, at repeated misses, referred to the commission. */
  counts: z.object({ total: z.int(), firstMiss: z.int(), repeated: z.int(), referred: z.int() }),
  /** Her département sees her this many days after the deadline she missed (configuration). */
  delayDays: z.number(),
  /** How many match the filters. */
  matching: z.int(),
  page: z.int(),
  pageSize: z.int(),
  pages: z.int(),
  items: z.array(
    z.object({
      registrationId: z.uuid(),
      /** Her name as published. */
      name: z.string(),
      agrementNumber: z.string().nullable(),
      communeCode: z.string().nullable(),
      communeName: z.string().nullable(),
      postalCode: z.string().nullable(),
      /** The deadlines of her current run of misses, oldest first. */
      missedDeadlines: z.array(timestamp),
      consecutiveMisses: z.int(),
      stage: z.enum(['first_miss', 'repeated']),
      relay: z
        .object({ name: z.string(), phone: z.string().nullable(), email: z.string().nullable() })
        .nullable(),
      referral: z.object({ referredOn: day, note: z.string().nullable(), recordedAt: timestamp }).nullable(),
    }),
  ),
});

/** A referral to the departmental commission, recorded or found already recorded. */
export const commissionReferralView = z.object({
  outcome: z.enum(['recorded', 'already_recorded']),
  referral: z.object({
    registrationId: z.uuid(),
    referredOn: day,
    note: z.string().nullable(),
    missedSince: timestamp,
    consecutiveMisses: z.int(),
    recordedAt: timestamp,
  }),
});
