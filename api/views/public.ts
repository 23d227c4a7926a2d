/**
 * What the parents' routes (api/routes/public-search.ts, contact-requests.ts) and the contact
 * figures answer. Loose objects: the published copy carries only what her choices publish, and its
 * fields follow the publication rule (domain/publication.ts), not this file.
 */
import { z } from 'zod';
import { timestamp } from './common.ts';
import { relayContactView } from './relays.ts';

const publishedProfile = z.looseObject({ name: z.string() });

export const searchPageView = z.object({
  origin: z.object({
    code: z.string(),
    name: z.string(),
    postalCodes: z.array(z.string()),
    centreSource: z.string().nullable(),
  }),
  radius: z.number(),
  distanceUnavailable: z.boolean(),
  items: z.array(z.looseObject({ id: z.uuid() })),
  next: z.string().nullable(),
  /** The relais petite enfance covering the commune searched. */
  relays: z.array(relayContactView),
});

export const placeListView = z.array(
  z.object({
    code: z.string(),
    name: z.string(),
    postalCodes: z.array(z.string()),
    parentCode: z.string().nullable(),
  }),
);

export const publicChildminderView = z.object({
  id: z.uuid(),
  profile: publishedProfile,
  updatedAt: timestamp,
  declaredAt: timestamp.nullable(),
  overdue: z.boolean(),
  relays: z.array(relayContactView),
});

export const contactCreatedView = z.looseObject({ id: z.uuid() });
export const contactStateView = z.looseObject({ status: z.string(), expiresAt: timestamp.nullable() });
export const contactAnsweredView = contactStateView.extend({ declaredFull: z.boolean() });

const requestSummary = z.looseObject({ id: z.uuid(), status: z.string(), startDate: z.string() });
export const parentRequestView = requestSummary.extend({
  statusLabel: z.string(),
  declineLabel: z.string().nullable(),
  childminderName: z.string(),
});
export const requestListView = z.array(requestSummary);
export const receivedRequestView = requestSummary.extend({
  channels: z.object({
    phone: z.object({ value: z.string().nullable(), public: z.boolean() }),
    email: z.object({ value: z.string().nullable(), public: z.boolean() }),
  }),
});

export const contactFiguresView = z.looseObject({
  targetDays: z.number(),
  office: z.string().nullable(),
  total: z.record(z.string(), z.unknown()),
  offices: z.array(z.looseObject({ officeId: z.string() })),
});

/** « Suivre mes demandes »: every request sent from her address, as each one's private link shows it. */
export const parentRequestsView = z.object({
  requests: z.array(
    z.looseObject({
      id: z.uuid(),
      status: z.string(),
      statusLabel: z.string(),
      childminderName: z.string(),
      declineLabel: z.string().nullable(),
    }),
  ),
});
