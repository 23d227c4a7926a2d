/**
 * Account rules: email form, password strength (ANSSI guidance for a password used alone), lifetimes
 * of sessions and emailed links, sign-in throttling, the second factor of staff, and which staff
 * accounts a supervisor manages. Pure: the API, the UI and the tests read the same values.
 */
import { z } from './validation-fr.ts';
import type { Role } from './case-rules.ts';
import { departementCodeSchema } from './geography.ts';

export const PASSWORD_MIN_LENGTH = 12;

export const emailSchema = z.email('Adresse électronique invalide.').trim().max(254);

export const passwordSchema = z
  .string({ error: 'Choisissez un mot de passe.' })
  .min(PASSWORD_MIN_LENGTH, `Au moins ${PASSWORD_MIN_LENGTH} caractères.`)
  .max(256, '256 caractères au plus.');

export const displayNameSchema = z
  .string({ error: 'Indiquez le nom et le prénom.' })
  .trim()
  .min(1, 'Indiquez le nom et le prénom.')
  .max(120, '120 caractères au plus.');

/** Emails compare case-insensitively and without surrounding spaces. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long a session lasts without being used again, by role: staff sessions are short. */
export const SESSION_LIFETIME_MS: Record<Role, number> = {
  childminder: 7 * DAY,
  moderator: 10 * HOUR,
  supervisor: 10 * HOUR,
  relay: 10 * HOUR,
  departement_agent: 10 * HOUR,
  data_protection: 10 * HOUR,
};

/** However active, a session ends this long after sign-in: a stolen token does not live forever. */
export const SESSION_MAX_AGE_MS: Record<Role, number> = {
  childminder: 30 * DAY,
  moderator: 12 * HOUR,
  supervisor: 12 * HOUR,
  relay: 12 * HOUR,
  departement_agent: 12 * HOUR,
  data_protection: 12 * HOUR,
};

/** When an extended session must end: the sliding expiry, capped by the absolute maximum. */
export function sessionExpiry(role: Role, createdAt: Date, now: Date): Date {
  const sliding = now.getTime() + SESSION_LIFETIME_MS[role];
  return new Date(Math.min(sliding, createdAt.getTime() + SESSION_MAX_AGE_MS[role]));
}

/** Links sent by email: single use, and short-lived when they let someone into an account. */
export type LinkPurpose = 'email_verification' | 'password_reset' | 'invitation';

export const LINK_LIFETIME_MS: Record<LinkPurpose, number> = {
  email_verification: DAY,
  password_reset: 30 * MINUTE,
  invitation: 7 * DAY,
};

/** Two links of the same kind are not sent to one person within this interval (mailbox flooding). */
export const LINK_RESEND_INTERVAL_MS = MINUTE;

/** Sign-in throttling (unverified thresholds: a policy, tune here). */
export const LOGIN_THROTTLE = {
  /** Failures counted within this sliding window. */
  windowMs: 15 * MINUTE,
  /** Failed attempts on one account (known or not) within the window before it is locked. */
  accountFailures: 5,
  /** Failed attempts from one network address within the window before it must wait (HTTP 429). */
  addressFailures: 30,
  /** First lock; each new lock doubles it, up to the maximum, until a successful sign-in. */
  lockMs: 15 * MINUTE,
  maxLockMs: 4 * HOUR,
} as const;

/** Sign-up throttling (a policy, tune here): accounts created from one network address, and notices. */
export const SIGNUP_THROTTLE = {
  /** Sign-up attempts from one network address within the window (a relais helping a few is fine). */
  addressAttempts: 20,
  windowMs: HOUR,
  /** An existing account's owner is told of a sign-up with her address at most once in this interval. */
  noticeIntervalMs: HOUR,
} as const;

/** How long the `level`-th consecutive lock lasts (level 0 is the first). */
export function lockDuration(level: number): number {
  return Math.min(LOGIN_THROTTLE.lockMs * 2 ** Math.max(0, level), LOGIN_THROTTLE.maxLockMs);
}

const clock = new Intl.DateTimeFormat('fr-FR', {
  hour: 'numeric',
  minute: '2-digit',
  timeZone: 'Europe/Paris',
});
const day = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', timeZone: 'Europe/Paris' });

/** "14 h 32", French administrative style, in metropolitan French time. */
export function frenchTime(at: Date): string {
  const parts = clock.formatToParts(at);
  const hour = parts.find((p) => p.type === 'hour')?.value ?? '';
  const minute = parts.find((p) => p.type === 'minute')?.value ?? '';
  return `${Number(hour)} h ${minute}`;
}

/** What she reads when her account is locked: until when, to the minute, in French. */
export function lockedMessage(until: Date, now: Date): string {
  // Rounded up, so that she is never told a minute that has not yet unlocked it.
  const shown = new Date(Math.ceil(until.getTime() / MINUTE) * MINUTE);
  const sameDay = day.format(shown) === day.format(now);
  const when = sameDay
    ? `jusqu’à ${frenchTime(shown)}`
    : `jusqu’au ${day.format(shown)} à ${frenchTime(shown)}`;
  return `Trop de tentatives de connexion : par sécurité, ce compte est bloqué ${when}. Vous pouvez aussi réinitialiser votre mot de passe.`;
}

/** Second factor of staff accounts: TOTP (RFC 6238) as every authenticator app reads it. */
export const TOTP = {
  issuer: 'Registre assmat',
  algorithm: 'SHA1',
  digits: 6,
  periodSeconds: 30,
  /** Codes one period early or late are accepted: phones' clocks drift. */
  window: 1,
  /** The password step opens a challenge for the code, valid this long and for this many tries. */
  challengeMs: 5 * MINUTE,
  challengeAttempts: 5,
} as const;

export const totpCodeSchema = z
  .string({ error: 'Saisissez le code à 6 chiffres.' })
  .transform((code) => code.replace(/\s/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'Le code comporte 6 chiffres.'))
  // What it accepts as sent (spaces are dropped first), for the API's document.
  .meta({ pattern: '^\\s*([0-9]\\s*){6}$' });

/** Which offices a staff account works for: a moderator one office; a supervisor some, or all (national). */
export interface StaffScope {
  role: Role;
  national: boolean;
  officeIds: string[];
}

/**
 * A supervisor manages accounts whose every office she oversees; only a national supervisor manages
 * national ones, and the data-protection officer (nationwide by her role).
 */
export function managesStaff(manager: StaffScope, target: StaffScope): boolean {
  if (manager.role !== 'supervisor' || target.role === 'childminder') return false;
  if (manager.national) return true;
  if (target.role === 'data_protection') return false;
  if (target.national || target.officeIds.length === 0) return false;
  return target.officeIds.every((office) => manager.officeIds.includes(office));
}

/** A staff invitation as the supervisor fills it in. */
export const staffInvitationSchema = z
  .object({
    displayName: displayNameSchema,
    email: emailSchema,
    role: z.enum(['moderator', 'supervisor', 'data_protection', 'departement_agent'], {
      error: 'Choisissez le rôle.',
    }),
    national: z.boolean().default(false),
    officeIds: z.array(z.string().min(1)).max(200).default([]),
    /** A département agent's département (PMI service), instead of offices. */
    departementCode: departementCodeSchema.nullish().transform((v) => v ?? null),
  })
  .superRefine((input, ctx) => {
    if (input.role === 'departement_agent' && input.departementCode === null)
      ctx.addIssue({
        code: 'custom',
        path: ['departementCode'],
        message: 'Choisissez le département de cet agent.',
      });
    if (input.role === 'departement_agent' && input.national)
      ctx.addIssue({
        code: 'custom',
        path: ['national'],
        message: 'Seul un superviseur peut être national.',
      });
    if (input.role === 'moderator' && input.officeIds.length !== 1)
      ctx.addIssue({
        code: 'custom',
        path: ['officeIds'],
        message: 'Une modératrice travaille pour une seule CAF.',
      });
    if (input.role === 'moderator' && input.national)
      ctx.addIssue({
        code: 'custom',
        path: ['national'],
        message: 'Seul un superviseur peut être national.',
      });
    if (input.role === 'data_protection' && (input.national || input.officeIds.length > 0))
      ctx.addIssue({
        code: 'custom',
        path: ['officeIds'],
        message: 'La ou le DPO est nationale par son rôle : ne cochez aucune CAF.',
      });
    if (input.role === 'supervisor' && !input.national && input.officeIds.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['officeIds'],
        message: 'Choisissez au moins une CAF, ou la supervision nationale.',
      });
  });

export type StaffInvitation = z.output<typeof staffInvitationSchema>;

export const ROLE_LABELS: Record<Role, string> = {
  childminder: 'Assistante maternelle',
  moderator: 'Modératrice ou modérateur',
  supervisor: 'Superviseuse ou superviseur',
  relay: 'Agent de relais petite enfance',
  departement_agent: 'Agent du département (PMI)',
  data_protection: 'Déléguée ou délégué à la protection des données',
};
