/** What the account routes answer: sessions, who is signed in, her account, staff accounts, invitations. */
import { z } from 'zod';
import { officeRef, role, timestamp } from './common.ts';

/** A session opened (sign-in, second factor, accepted invitation). */
export const sessionView = z.object({
  userId: z.uuid(),
  role,
  token: z.string(),
  expiresAt: timestamp,
});

/** The first step of a staff sign-in: a challenge to answer with the code of her app. */
export const secondFactorChallengeView = z.object({
  secondFactor: z.literal('totp'),
  challenge: z.string(),
  expiresAt: timestamp,
});

export const loginView = z.union([sessionView, secondFactorChallengeView]);

/** "An email is on its way" (or would be): the same answer whether or not the address has an account. */
export const mailSentView = z.object({ sent: z.literal(true) });

export const meView = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  role,
  officeId: z.string().nullable(),
  national: z.boolean(),
  emailVerified: z.boolean(),
  registrationId: z.uuid().nullable(),
  office: officeRef.nullable(),
  offices: z.array(officeRef),
  /** A relay agent's relay. */
  relayId: z.uuid().nullable(),
  relay: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  /** A département agent's département. */
  departement: z.object({ code: z.string(), name: z.string() }).nullable(),
});

export const accountView = z.object({
  email: z.string(),
  displayName: z.string(),
  role,
  emailVerified: z.boolean(),
  secondFactor: z.boolean(),
  passwordChangedAt: timestamp.nullable(),
  createdAt: timestamp,
  openSessions: z.int(),
});

/** A password changed: her other sessions ended, this one replaced by a new token. */
export const passwordChangedView = z.object({
  endedSessions: z.int(),
  token: z.string(),
  expiresAt: timestamp,
});

export const verifiedView = z.object({ verified: z.literal(true) });
export const linkValidView = z.object({ valid: z.literal(true) });
export const resetView = z.object({ reset: z.literal(true) });

export const invitationView = z.object({
  email: z.string(),
  displayName: z.string(),
  role,
  national: z.boolean(),
  offices: z.array(officeRef),
  /** A département agent's département. */
  departement: z.object({ code: z.string(), name: z.string() }).nullable(),
  totp: z.object({ secret: z.string(), uri: z.string(), qrSvg: z.string() }),
});

export const staffAccountView = z.object({
  id: z.uuid(),
  displayName: z.string(),
  email: z.string(),
  role,
  national: z.boolean(),
  offices: z.array(officeRef),
  /** A département agent's département (her offices: the one it is routed to). */
  departement: z.object({ code: z.string(), name: z.string() }).nullable(),
  status: z.enum(['active', 'invited', 'deactivated']),
  createdAt: timestamp,
  lastLoginAt: timestamp.nullable(),
  self: z.boolean(),
});

export const staffAccountListView = z.object({
  national: z.boolean(),
  offices: z.array(officeRef),
  /** The départements she may invite agents for: those routed to her offices (all, if national). */
  departements: z.array(z.object({ code: z.string(), name: z.string() })),
  items: z.array(staffAccountView),
});

export const staffInvitedView = z.object({ id: z.uuid(), status: z.literal('invited') });
export const staffStatusView = z.object({ status: z.enum(['invited', 'deactivated']) });
