/**
 * How long personal data is kept, and what an account closure keeps. The durations are policy
 * (configuration, `infra/config.ts`), their defaults and legal basis are in the README; the
 * « Données personnelles » page states them from the same values. To be confirmed by the CNAF's
 * data protection officer.
 */
import { expiresAt } from './agrement-expiry.ts';
import type { CaseStatus } from './case-status.ts';

const DAY_MS = 86_400_000;

/** Durations in milliseconds (workflow input: seconds in tests). */
export interface RetentionPolicy {
  /** A draft never submitted, without any activity this long, is deleted. */
  draftInactivityMs: number;
  /** She is warned by email this long before her abandoned draft is deleted. */
  draftWarningBeforeMs: number;
  /** A rejected case's documents and identity are purged this long after the decision notice (the appeal period). */
  rejectedAppealMs: number;
  /** A withdrawn or ceased childminder's record is kept this long after the end, then purged. */
  ceasedKeptMs: number;
  /** The stored object of a refused or removed copy is deleted this long after it was refused or removed. */
  discardedDocumentMs: number;
  /** The audit log (who did what, when) is kept this long; never removed by a closure. */
  auditLogMs: number;
}

export const DEFAULT_RETENTION_POLICY: RetentionPolicy = {
  draftInactivityMs: 183 * DAY_MS,
  draftWarningBeforeMs: 30 * DAY_MS,
  rejectedAppealMs: 61 * DAY_MS,
  ceasedKeptMs: 730 * DAY_MS,
  discardedDocumentMs: 30 * DAY_MS,
  auditLogMs: 1826 * DAY_MS,
};

/** The environment variable of each duration, in days (README, Configuration). */
export const RETENTION_VARIABLES: Record<keyof RetentionPolicy, string> = {
  draftInactivityMs: 'RETENTION_DRAFT_DAYS',
  draftWarningBeforeMs: 'RETENTION_DRAFT_WARNING_DAYS',
  rejectedAppealMs: 'RETENTION_REJECTED_DAYS',
  ceasedKeptMs: 'RETENTION_CEASED_DAYS',
  discardedDocumentMs: 'RETENTION_DISCARDED_DOCUMENT_DAYS',
  auditLogMs: 'RETENTION_AUDIT_DAYS',
};

/** Why a policy cannot be used (the warning must come before the deletion), or null. */
export function retentionPolicyProblem(policy: RetentionPolicy): string | null {
  for (const [key, value] of Object.entries(policy))
    if (!Number.isFinite(value) || value <= 0)
      return `${RETENTION_VARIABLES[key as keyof RetentionPolicy]} doit être un nombre de jours positif`;
  if (policy.draftWarningBeforeMs >= policy.draftInactivityMs)
    return 'RETENTION_DRAFT_WARNING_DAYS doit être inférieur à RETENTION_DRAFT_DAYS';
  return null;
}

const at = (from: Date | string, ms: number) => new Date(new Date(from).getTime() + ms);

/** When an abandoned draft is deleted, from her last activity on it. */
export const draftDeletionAt = (lastActivity: Date | string, policy: RetentionPolicy) =>
  at(lastActivity, policy.draftInactivityMs);

/** When she is warned that her draft will be deleted. */
export const draftWarningAt = (lastActivity: Date | string, policy: RetentionPolicy) =>
  at(lastActivity, policy.draftInactivityMs - policy.draftWarningBeforeMs);

/** When a rejected case's documents and identity are purged, from the decision notice. */
export const rejectedPurgeAt = (decidedAt: Date | string, policy: RetentionPolicy) =>
  at(decidedAt, policy.rejectedAppealMs);

/** When a withdrawn or ceased childminder's record is purged, from the end of her activity. */
export const ceasedPurgeAt = (endedAt: Date | string, policy: RetentionPolicy) =>
  at(endedAt, policy.ceasedKeptMs);

/**
 * An agrément that expired and was never renewed ends her activity at its expiry: her record is
 * kept the same legal period from that instant (a lifecycle told late counts from the expiry too).
 */
export const expiredAgrementPurgeAt = (expiryDate: string, policy: RetentionPolicy) =>
  ceasedPurgeAt(expiresAt(expiryDate), policy);

/**
 * Whether the purge set for the expiry of `expiredOn` still stands when its time comes: her agrément
 * still ends that day (a renewal notified before the purge moved the date: no purge; a later expiry of
 * the renewed agrément sets its own) and that day is past.
 */
export function expiredAgrementPurgeStands(expiredOn: string, expiryNow: string | null, now: Date): boolean {
  return expiryNow === expiredOn && expiresAt(expiredOn).getTime() <= now.getTime();
}

/** What a closure keeps of her case, by where it stands. */
export type ClosureKeeps = 'nothing' | 'case_until_appeal' | 'case_for_legal_period';

/**
 * A draft is hers alone: all of it goes. A submitted case is a record of the administration: it is
 * kept (identity, agrément, documents, timeline), a rejected one until the appeal period ends, any
 * other for the legal period after the end of her activity. The audit log is always kept.
 */
export function closureKeeps(status: CaseStatus | null): ClosureKeeps {
  if (status === null || status === 'draft') return 'nothing';
  if (status === 'rejected') return 'case_until_appeal';
  return 'case_for_legal_period';
}

const days = (ms: number) => Math.round(ms / DAY_MS);

/** A duration in French words: « 2 ans », « 6 mois », « 61 jours ». */
export function frenchDuration(ms: number): string {
  if (ms < DAY_MS) return `${Math.round(ms / 1000)} secondes`;
  const d = days(ms);
  const years = Math.round(d / 365.25);
  if (years >= 1 && Math.abs(years * 365.25 - d) <= 2) return `${years} an${years > 1 ? 's' : ''}`;
  const months = Math.round(d / 30.44);
  if (months >= 1 && Math.abs(months * 30.44 - d) <= 2) return `${months} mois`;
  return `${d} jour${d > 1 ? 's' : ''}`;
}

/** What she is told, in French, when she closes her account: what is kept and why. */
export function closureExplanation(keeps: ClosureKeeps, policy: RetentionPolicy): string[] {
  const audit = `Le journal des actions sur votre compte (qui a fait quoi, et quand) est conservé ${frenchDuration(policy.auditLogMs)} : il permet de vérifier que vos données ont été traitées correctement et ne peut être effacé à la demande.`;
  if (keeps === 'nothing')
    return ['Votre compte, votre brouillon et les copies de documents envoyées ont été supprimés.', audit];
  const kept =
    keeps === 'case_until_appeal'
      ? `Votre dossier refusé (identité, agrément, copies de documents, historique) est conservé jusqu’à la fin du délai de recours, ${frenchDuration(policy.rejectedAppealMs)} après la décision, puis supprimé : la CAF doit pouvoir répondre à un recours contre sa décision.`
      : `Votre dossier déposé (identité, agrément, copies de documents, historique) est conservé ${frenchDuration(policy.ceasedKeptMs)} après la fermeture, puis supprimé : la CAF doit pouvoir répondre à un contrôle ou à un recours.`;
  return [
    'Votre compte est fermé : vos sessions sont terminées, vous n’apparaissez plus dans la recherche des parents et vos coordonnées ont été supprimées.',
    kept,
    audit,
  ];
}

export interface RetentionRule {
  data: string;
  period: string;
}

/** The table of the « Données personnelles » page, from the policy's durations. */
export function retentionRules(policy: RetentionPolicy = DEFAULT_RETENTION_POLICY): RetentionRule[] {
  return [
    {
      data: 'Un dossier commencé mais jamais déposé (brouillon)',
      period: `supprimé ${frenchDuration(policy.draftInactivityMs)} après votre dernière modification ; un courriel vous prévient ${frenchDuration(policy.draftWarningBeforeMs)} avant`,
    },
    {
      data: 'Votre dossier (identité, NIR, agrément, coordonnées, disponibilités, copie de l’agrément, messages de la CAF)',
      period: `tant que vous êtes inscrite, puis ${frenchDuration(policy.ceasedKeptMs)} après la fin de votre agrément ou votre désinscription, pour répondre à un contrôle ou à un recours`,
    },
    {
      data: 'Un dossier refusé (identité et copies de documents)',
      period: `${frenchDuration(policy.rejectedAppealMs)} après la décision, le délai de recours`,
    },
    {
      data: 'Une copie de document refusée ou retirée',
      period: `${frenchDuration(policy.discardedDocumentMs)}`,
    },
    {
      data: 'Votre fiche publiée pour les parents',
      period: 'retirée dès la fin de votre agrément, une suspension ou la fermeture de votre compte',
    },
    {
      data: 'Le journal des actions sur votre dossier (qui a fait quoi, et quand)',
      period: frenchDuration(policy.auditLogMs),
    },
    {
      data: 'Les tentatives de connexion échouées (adresse électronique visée, adresse IP)',
      period: '24 heures',
    },
  ];
}

export const RETENTION_RULES: readonly RetentionRule[] = retentionRules();
