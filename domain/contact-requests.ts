/**
 * Contact requests ("mise en relation"): a parent writes to a published childminder, confirms her
 * email, and the childminder answers (sharing the contact channel she chooses) or declines with a
 * coded reason. The statuses, the answer's rules, the abuse limits and the policy durations: pure,
 * shared by the API, the workflow and the UI. What a parent and she send is checked in
 * contact-request-forms.ts, apart: its schemas stay out of the workflow bundle.
 */

export const CONTACT_STATUSES = {
  awaiting_verification: 'En attente de la confirmation de votre adresse',
  delivered: 'Transmise, en attente de sa réponse',
  answered: 'Elle vous a répondu',
  declined: 'Elle a décliné',
  expired: 'Sans réponse dans le délai',
  unverified: 'Adresse non confirmée à temps',
} as const;
export type ContactStatus = keyof typeof CONTACT_STATUSES;

/** Where nothing changes any more. */
export const CLOSED_CONTACT_STATUSES: readonly ContactStatus[] = [
  'answered',
  'declined',
  'expired',
  'unverified',
];

export const DECLINE_REASONS = {
  no_place: 'Je n’ai plus de place',
  schedule: 'Les jours ou horaires ne me conviennent pas',
  distance: 'La distance est trop grande',
  other: 'Autre raison',
} as const;
export type DeclineReason = keyof typeof DECLINE_REASONS;

export const CONTACT_CHANNELS = { phone: 'Téléphone', email: 'Courriel' } as const;
export type ContactChannel = keyof typeof CONTACT_CHANNELS;

/** Durations of a request's life in milliseconds, as workflow input (seconds in tests). */
export interface ContactPolicy {
  /** The parent must confirm her email within this. */
  verificationWindowMs: number;
  /** Without an answer this long after delivery, the childminder is reminded. */
  reminderAfterMs: number;
  /** Without an answer this long after delivery, the request expires and the parent is told. */
  expireAfterMs: number;
  /** Personal data (names, email, phone, messages) is erased this long after the request closes. */
  retentionMs: number;
}

const DAY_MS = 86_400_000;

export const DEFAULT_CONTACT_POLICY: ContactPolicy = {
  verificationWindowMs: 2 * DAY_MS,
  reminderAfterMs: 3 * DAY_MS,
  expireAfterMs: 10 * DAY_MS,
  retentionMs: 365 * DAY_MS,
};

/** Abuse limits: per parent (by email), per network address, per childminder and day. */
/** « Suivre mes demandes »: how long her link lasts, and how many may be asked for. */
export const PARENT_LINK = {
  lifetimeMs: 7 * 24 * 3600_000,
  perParentPerDay: 3,
  perAddressPerHour: 10,
} as const;

export const CONTACT_LIMITS = {
  perParentPerDay: 5,
  perAddressPerHour: 10,
  perChildminderPerDay: 10,
} as const;

export type ContactRuleCode =
  'request_expired' | 'request_unverified' | 'already_answered' | 'not_delivered' | 'not_yours';

export const CONTACT_RULES: Record<ContactRuleCode, string> = {
  request_expired:
    'Cette demande a expiré : le parent a été prévenu que vous n’aviez pas pu répondre à temps. Merci d’avoir pris le temps de répondre ; s’il vous écrit à nouveau, vous pourrez lui répondre.',
  request_unverified: 'Le parent n’a pas confirmé son adresse : cette demande ne vous a pas été transmise.',
  already_answered: 'Vous avez déjà répondu à cette demande.',
  not_delivered: 'Cette demande ne vous a pas encore été transmise.',
  not_yours: 'Cette demande ne vous est pas adressée.',
};

/** Why an answer is refused in this status (null: she may answer). */
export function answerViolation(status: ContactStatus): ContactRuleCode | null {
  switch (status) {
    case 'delivered':
      return null;
    case 'expired':
      return 'request_expired';
    case 'unverified':
      return 'request_unverified';
    case 'answered':
    case 'declined':
      return 'already_answered';
    case 'awaiting_verification':
      return 'not_delivered';
  }
}

/** Answered within 3 days of delivery: the supervisors' figure. */
export const ANSWER_TARGET_DAYS = 3;
