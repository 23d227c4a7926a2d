/**
 * What a Conseil départemental (its PMI service) tells the CAFs about an agrément: the kinds of
 * notification, their coded reasons, the rules each must meet (a suspension lasts 4 months at most),
 * how one is matched to a childminder, and what it does to her agrément's standing. The same rules
 * for the form, the batch file and the machine API. Pure: the API applies them, the workflow tells her.
 */
import type { DepartementNotification } from './agrement-notification-form.ts';
import { frenchDate } from './french-dates.ts';

export const NOTIFICATION_KINDS = [
  'suspension',
  'lifting',
  'withdrawal',
  'modification',
  'renewal',
  'new_agrement',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_KIND_LABELS = {
  suspension: 'Suspension de l’agrément',
  lifting: 'Levée de la suspension',
  withdrawal: 'Retrait de l’agrément',
  modification: 'Modification de l’agrément',
  renewal: 'Renouvellement de l’agrément',
  new_agrement: 'Nouvel agrément',
} as const satisfies Record<NotificationKind, string>;

/** The coded reasons a département may give, per kind (the département's own words stay with it). */
export const NOTIFICATION_REASONS = {
  suspension: {
    urgence_securite: 'Mesure d’urgence : sécurité ou santé des enfants accueillis',
    enquete: 'Enquête en cours',
    autre: 'Autre motif',
  },
  lifting: { fin_anticipee: 'Mesure levée avant son terme', autre: 'Autre motif' },
  withdrawal: {
    avis_commission: 'Retrait après avis de la commission consultative paritaire départementale',
    demande_assmat: 'À la demande de l’assistante maternelle',
    fin_activite: 'Cessation d’activité',
    autre: 'Autre motif',
  },
  modification: { decision_pmi: 'Décision de la PMI', demande_assmat: 'À sa demande' },
  renewal: { renouvellement: 'Renouvellement à l’échéance' },
  new_agrement: { premier_agrement: 'Premier agrément' },
} as const satisfies Record<NotificationKind, Record<string, string>>;

/** The longest suspension the law allows (an emergency measure, Code de l'action sociale, L. 421-6). */
export const MAX_SUSPENSION_MONTHS = 4;

export const NOTIFICATION_REFUSALS = {
  suspension_too_long: `Une suspension dure ${MAX_SUSPENSION_MONTHS} mois au plus.`,
  suspension_ends_before_start: 'La fin de la suspension doit suivre son début.',
  unknown_reason: 'Ce motif ne correspond pas à ce type de notification.',
  missing_end_date: 'Indiquez la date de fin de la suspension.',
  missing_expiry_date: 'Indiquez la nouvelle date d’expiration.',
  missing_modification: 'Indiquez au moins une donnée modifiée (capacité, lieu d’exercice).',
  identity_mismatch:
    'Le nom de naissance ou la date de naissance ne correspondent pas à l’assistante maternelle qui détient cet agrément.',
  already_withdrawn: 'Cet agrément a déjà été retiré.',
  no_suspension: 'Aucune suspension en cours ou à venir à lever pour cet agrément.',
} as const;
export type NotificationRefusal = keyof typeof NOTIFICATION_REFUSALS;

/** A notification as checked on its way in (agrement-notification-form.ts). */
export type { DepartementNotification };

/** An instant from a day (its start, UTC, as the working days) or from an instant. */
export function startOf(value: string): Date {
  return new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
}

/** The end of a period given by its last day (exclusive: the next day's start) or by an instant. */
export function endOf(value: string): Date {
  const start = startOf(value);
  return value.length === 10 ? new Date(start.getTime() + 24 * 3600_000) : start;
}

function addMonths(date: Date, months: number): Date {
  const d = new Date(date);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

/** The rules a notification must meet whoever it is about; null when it may be applied. */
export function notificationViolation(n: DepartementNotification): NotificationRefusal | null {
  if (!(n.reason in NOTIFICATION_REASONS[n.kind])) return 'unknown_reason';
  if (n.kind === 'suspension') {
    if (!n.endDate) return 'missing_end_date';
    const from = startOf(n.effectiveDate);
    const until = endOf(n.endDate);
    if (until <= from) return 'suspension_ends_before_start';
    if (until > addMonths(from, MAX_SUSPENSION_MONTHS)) return 'suspension_too_long';
  }
  if (n.kind === 'renewal' && !n.expiryDate) return 'missing_expiry_date';
  if (n.kind === 'modification' && n.capacity === null && n.workplace === null) return 'missing_modification';
  return null;
}

/** A name as older systems write it: no accents, upper case, one space between words. */
export function matchingName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z]+/g, ' ')
    .trim();
}

/** What matching looks at of a registered childminder (her declared, verified identity). */
export interface MatchCandidate {
  birthName: string;
  birthDate: { year: number; month: number | null; day: number | null };
}

/** The agrément number and département found her; her birth name and date must agree (parts unknown to her record are not compared). */
export function identityAgrees(
  candidate: MatchCandidate,
  n: Pick<DepartementNotification, 'birthName' | 'birthDate'>,
): boolean {
  const [year, month, day] = n.birthDate.split('-').map(Number);
  const { birthDate } = candidate;
  return (
    matchingName(candidate.birthName) === matchingName(n.birthName) &&
    birthDate.year === year &&
    (birthDate.month === null || birthDate.month === month) &&
    (birthDate.day === null || birthDate.day === day)
  );
}

/** Her agrément's standing as the départements made it: instants, ISO strings, plain JSON. */
export interface AgrementStanding {
  suspendedFrom: string | null;
  /** Exclusive: she is public again from this instant, unless withdrawn. */
  suspendedUntil: string | null;
  withdrawnFrom: string | null;
}

export const IN_GOOD_STANDING: AgrementStanding = {
  suspendedFrom: null,
  suspendedUntil: null,
  withdrawnFrom: null,
};

/** What a notification changes: her standing, her agrément's data, or nothing (a new agrément, expected). */
export type NotificationEffect =
  | { kind: 'standing'; standing: AgrementStanding }
  | { kind: 'agrement'; changes: { expiryDate?: string; capacity?: number; workplace?: 'home' | 'mam' } }
  | { kind: 'none' };

/**
 * The effect of a valid notification on her standing, or the reason it is refused. The only way
 * her agrément's standing changes: nothing else (a missed declaration, say) can suspend or withdraw it.
 */
export function notificationEffect(
  standing: AgrementStanding,
  n: DepartementNotification,
): NotificationEffect | { refused: NotificationRefusal } {
  const withdrawn = standing.withdrawnFrom !== null;
  const at = startOf(n.effectiveDate).toISOString();
  switch (n.kind) {
    case 'suspension':
      if (withdrawn) return { refused: 'already_withdrawn' };
      return {
        kind: 'standing',
        standing: {
          ...standing,
          suspendedFrom: at,
          suspendedUntil: endOf(n.endDate ?? n.effectiveDate).toISOString(),
        },
      };
    case 'lifting': {
      if (!standing.suspendedUntil || !standing.suspendedFrom || standing.suspendedUntil <= at || withdrawn)
        return { refused: 'no_suspension' };
      const until = at < standing.suspendedFrom ? standing.suspendedFrom : at;
      return { kind: 'standing', standing: { ...standing, suspendedUntil: until } };
    }
    case 'withdrawal':
      if (withdrawn) return { refused: 'already_withdrawn' };
      return { kind: 'standing', standing: { ...standing, withdrawnFrom: at } };
    case 'renewal':
      if (withdrawn) return { refused: 'already_withdrawn' };
      return { kind: 'agrement', changes: { expiryDate: n.expiryDate! } };
    case 'modification':
      if (withdrawn) return { refused: 'already_withdrawn' };
      return {
        kind: 'agrement',
        changes: {
          ...(n.capacity !== null ? { capacity: n.capacity } : {}),
          ...(n.workplace !== null ? { workplace: n.workplace } : {}),
        },
      };
    case 'new_agrement':
      return { kind: 'none' };
  }
}

export type AgrementState = 'in_force' | 'suspended' | 'withdrawn' | 'expired';

export const AGREMENT_STATE_LABELS = {
  in_force: 'En cours de validité',
  suspended: 'Suspendu',
  withdrawn: 'Retiré',
  expired: 'Expiré',
} as const satisfies Record<AgrementState, string>;

/** Where her agrément stands at `now`: withdrawal first, then suspension, then expiry (`expiryDate`: its last valid day). */
export function agrementState(
  standing: AgrementStanding,
  expiryDate: string | null,
  now: Date,
): AgrementState {
  const t = now.toISOString();
  if (standing.withdrawnFrom !== null && standing.withdrawnFrom <= t) return 'withdrawn';
  if (standing.suspendedFrom !== null && standing.suspendedUntil !== null) {
    if (standing.suspendedFrom <= t && t < standing.suspendedUntil) return 'suspended';
  }
  if (expiryDate !== null && endOf(expiryDate) <= now) return 'expired';
  return 'in_force';
}

/** Why her case is closed, in her words: the date and the reason of the withdrawal, and what she may still do. */
export function withdrawnCaseMessage(withdrawnFrom: string, reason: string | null): string {
  const label = reason ? (NOTIFICATION_REASONS.withdrawal as Record<string, string>)[reason] : undefined;
  return (
    `Votre agrément a été retiré à compter du ${frenchDate(withdrawnFrom)}` +
    (label ? ` (motif : ${label.charAt(0).toLowerCase()}${label.slice(1)})` : '') +
    ' : votre dossier est fermé. Il reste consultable ici pendant la durée légale de conservation, mais ne peut plus être modifié.'
  );
}
