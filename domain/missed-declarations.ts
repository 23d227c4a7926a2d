/**
 * The graduated response to missed availability declarations (DOMAIN.md): the CAF's reminder first
 * (her lifecycle's email, pointing to her relay), then, after a policy delay, her département sees
 * her in its list and may write to her, then it may refer her to the departmental commission. A
 * first miss can only bring a warning; a missed declaration alone never suspends nor withdraws: no
 * step here is an agrément notification, and none of them enters the publication rule
 * (domain/publishable.ts). The referral is recorded as a fact on her case, nothing more.
 */
import { z } from 'zod';
import { parisToday } from './agrement.ts';
import type { CaseStatus } from './case-status.ts';

const DAY_MS = 86_400_000;

/** Durations in milliseconds (configuration: days). */
export interface MissedDeclarationPolicy {
  /** Her département sees her this long after the deadline she missed (the CAF's reminder comes first). */
  departementAfterMs: number;
}

/** A month: the CAF's reminder has had time to work, and the next deadline is still five months away. */
export const DEFAULT_MISSED_DECLARATION_POLICY: MissedDeclarationPolicy = { departementAfterMs: 30 * DAY_MS };

/** The environment variable of the delay, in days (README, Configuration). */
export const MISSED_DECLARATION_VARIABLES: Record<keyof MissedDeclarationPolicy, string> = {
  departementAfterMs: 'MISSED_DECLARATION_DEPARTEMENT_DAYS',
};

/** Why a policy cannot be used, or null. Zero is allowed: the département then sees her at once. */
export function missedDeclarationPolicyProblem(policy: MissedDeclarationPolicy): string | null {
  const value = policy.departementAfterMs;
  if (!Number.isFinite(value) || value < 0)
    return `${MISSED_DECLARATION_VARIABLES.departementAfterMs} doit être un nombre de jours positif ou nul`;
  return null;
}

/** When her département starts seeing her, from the deadline she missed. */
export function departementSeesFrom(missedDeadline: Date | string, policy: MissedDeclarationPolicy): Date {
  return new Date(new Date(missedDeadline).getTime() + policy.departementAfterMs);
}

/** The latest missed deadline her département sees at `now`: those at or before it are in its list. */
export function departementCutoff(now: Date, policy: MissedDeclarationPolicy): Date {
  return new Date(now.getTime() - policy.departementAfterMs);
}

/** The steps of the response. None of them touches her agrément: only a département's notification can. */
export const MISSED_DECLARATION_STEPS = {
  caf_reminder: 'Rappel de la CAF (avec le relais petite enfance de sa commune)',
  warning: 'Avertissement',
  departement_letter: 'Courrier du département',
  commission_referral: 'Saisine de la commission départementale',
} as const;
export type MissedDeclarationStep = keyof typeof MISSED_DECLARATION_STEPS;

/** What may follow `consecutiveMisses` missed deadlines in a row: a first miss, a warning at most. */
export function possibleSteps(consecutiveMisses: number): MissedDeclarationStep[] {
  if (consecutiveMisses < 1) return [];
  if (consecutiveMisses === 1) return ['caf_reminder', 'warning', 'departement_letter'];
  return ['caf_reminder', 'warning', 'departement_letter', 'commission_referral'];
}

/** Her case after activation, still open: the statuses in which declarations are due. */
export const DECLARING_CASE_STATUSES: readonly CaseStatus[] = ['active', 'change_in_moderation'];

/** A first miss, or repeated misses: the list's two groups. */
export type MissStage = 'first_miss' | 'repeated';
export const missStage = (consecutiveMisses: number): MissStage =>
  consecutiveMisses <= 1 ? 'first_miss' : 'repeated';

/** What the département sends when it records a referral. */
export const referralSchema = z.object({
  /** The day the département referred her to the commission (Paris calendar day). */
  referredOn: z.iso.date({ error: 'Indiquez la date de la saisine (AAAA-MM-JJ).' }),
  note: z
    .string()
    .trim()
    .max(1000, { error: 'La note fait 1 000 caractères au plus.' })
    .nullish()
    .transform((note) => note || null),
});
export type Referral = z.output<typeof referralSchema>;

export type ReferralRefusal =
  'not_missed' | 'first_miss_warning_only' | 'referred_in_future' | 'referred_before_miss';

export const REFERRAL_REFUSALS: Record<ReferralRefusal, string> = {
  not_missed:
    'Cette assistante maternelle n’a pas de déclaration manquée visible par le département : rien à transmettre à la commission.',
  first_miss_warning_only:
    'Un premier oubli de déclaration ne peut conduire qu’à un avertissement : la commission ne peut être saisie qu’après des échéances manquées de suite.',
  referred_in_future: 'La date de la saisine ne peut pas être dans le futur.',
  referred_before_miss: 'La date de la saisine ne peut pas précéder la première échéance manquée.',
};

/**
 * Whether the département may record a referral: she is in its list (a miss past the delay), and
 * has missed more than once in a row; the date is not after today, nor before the first deadline of
 * her run of misses (Paris days).
 */
export function referralRefusal(
  missed: { consecutiveMisses: number; missedDeadlines?: readonly Date[] } | null,
  referral: Referral,
  now: Date = new Date(),
): ReferralRefusal | null {
  if (!missed || missed.consecutiveMisses < 1) return 'not_missed';
  if (!possibleSteps(missed.consecutiveMisses).includes('commission_referral'))
    return 'first_miss_warning_only';
  if (referral.referredOn > parisToday(now)) return 'referred_in_future';
  const firstMissed = missed.missedDeadlines?.[0];
  if (firstMissed && referral.referredOn < parisToday(firstMissed)) return 'referred_before_miss';
  return null;
}

/** The export's header, in this order (README, « Déclarations manquantes »). */
export const MISSED_DECLARATIONS_CSV_HEADER = [
  'Nom',
  'Numéro d’agrément',
  'Commune',
  'Code postal',
  'Échéances manquées',
  'Échéances manquées de suite',
  'Relais petite enfance',
  'Contact du relais',
  'Commission saisie le',
] as const;
