/**
 * The states of a registration case, from the draft to the decision, then after activation (a change
 * to her published profile waiting for the CAF). The workflows move between them; the projection in
 * PostgreSQL mirrors them for queues and status pages.
 */

export const CASE_STATUSES = [
  'draft',
  'identity_check',
  'awaiting_document',
  'in_moderation',
  'correction_requested',
  'active',
  'rejected',
  'change_in_moderation',
  'closed',
] as const;

export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Statuses where the case is waiting for a moderator of its office: a registration, or a change to a published profile. */
export const MODERATION_STATUSES: readonly CaseStatus[] = ['in_moderation', 'change_in_moderation'];

/**
 * Statuses after which nothing changes any more in the registration (her later life is the
 * lifecycle's, until her case is closed for good).
 */
export const FINAL_STATUSES: readonly CaseStatus[] = ['active', 'rejected', 'closed'];

/**
 * Why a case is closed for good: her agrément withdrawn by the département, or her account closed at
 * her request (RGPD). Either way she is never published again and her record is kept read-only for
 * the legal period (domain/retention.ts), then purged.
 */
export const CLOSURE_REASONS = ['agrement_withdrawn', 'account_closed'] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

/** The closure's reason as she reads it and as CAF staff read it. */
export const CLOSURE_REASON_LABELS = {
  agrement_withdrawn: {
    childminder: 'Votre agrément a été retiré par le département.',
    staff: 'Agrément retiré par le département',
  },
  account_closed: {
    childminder: 'Vous avez fermé votre compte.',
    staff: 'Compte fermé à la demande de la personne',
  },
} as const satisfies Record<ClosureReason, Record<'childminder' | 'staff', string>>;

/** What a write to a closed case answers (a withdrawal's own message says its date and reason). */
export const CLOSED_CASE_MESSAGE =
  'Ce dossier est fermé : il reste consultable pendant la durée légale de conservation, mais ne peut plus être modifié.';

export function isClosureReason(value: unknown): value is ClosureReason {
  return (CLOSURE_REASONS as readonly unknown[]).includes(value);
}

export interface StatusExplanation {
  label: string;
  /** What happens now, and who is expected to act, in her words. */
  expected: string;
  /** Who must act next. */
  actor: 'childminder' | 'system' | 'moderator' | 'none';
}

export const STATUS_EXPLANATIONS = {
  draft: {
    label: 'Brouillon',
    expected: 'Complétez votre dossier puis déposez-le. Vos saisies sont enregistrées au fur et à mesure.',
    actor: 'childminder',
  },
  identity_check: {
    label: 'Vérification d’identité',
    expected:
      'Nous vérifions votre identité auprès du répertoire national (SNGI). Vous n’avez rien à faire ; si le répertoire est indisponible, nous réessayons automatiquement.',
    actor: 'system',
  },
  awaiting_document: {
    label: 'En attente de votre agrément',
    expected:
      'Ajoutez une copie de votre attestation d’agrément (PDF, JPEG ou PNG) pour que votre dossier soit examiné.',
    actor: 'childminder',
  },
  in_moderation: {
    label: 'En cours d’examen',
    expected:
      'Un agent de la CAF chargée de votre département examine votre dossier. Vous serez prévenue par courriel.',
    actor: 'moderator',
  },
  correction_requested: {
    label: 'Correction demandée',
    expected:
      'La CAF vous demande de corriger votre dossier. Lisez son message, corrigez puis déposez à nouveau.',
    actor: 'childminder',
  },
  active: {
    label: 'Inscription validée',
    expected: 'Votre inscription est validée et votre fiche est publiée pour les parents.',
    actor: 'none',
  },
  rejected: {
    label: 'Inscription refusée',
    expected: 'Votre demande a été refusée. Le motif est indiqué ci-dessous.',
    actor: 'none',
  },
  change_in_moderation: {
    label: 'Modification en cours de vérification',
    expected:
      'La CAF vérifie la modification que vous avez proposée. Votre fiche reste publiée avec vos dernières informations vérifiées ; vous serez prévenue par courriel.',
    actor: 'moderator',
  },
  closed: {
    label: 'Dossier fermé',
    expected:
      'Votre dossier est fermé : votre fiche n’est plus publiée pour les parents et ne le sera plus. Il reste consultable ici, sans pouvoir être modifié, pendant la durée légale de conservation ; vous pouvez toujours télécharger vos données.',
    actor: 'none',
  },
} satisfies Record<CaseStatus, StatusExplanation>;

/** The same statuses as CAF staff read them: about her, and about what the office has to do. */
export const STAFF_STATUS_EXPLANATIONS = {
  draft: { label: 'Brouillon', expected: 'La personne n’a pas encore déposé son dossier.' },
  identity_check: {
    label: 'Vérification d’identité',
    expected:
      'Le répertoire national (SNGI) est interrogé ; s’il ne répond pas, un nouvel essai a lieu automatiquement.',
  },
  awaiting_document: {
    label: 'En attente de l’agrément',
    expected: 'La personne doit encore envoyer la copie de son attestation d’agrément.',
  },
  in_moderation: {
    label: 'À examiner',
    expected: 'Le dossier attend la décision d’une modératrice ou d’un modérateur de la CAF.',
  },
  correction_requested: {
    label: 'Correction demandée',
    expected: 'La personne corrige son dossier à la demande de la CAF.',
  },
  active: { label: 'Inscription validée', expected: 'L’inscription est validée et la fiche est publiée.' },
  rejected: { label: 'Inscription refusée', expected: 'L’inscription a été refusée.' },
  change_in_moderation: {
    label: 'Modification à vérifier',
    expected:
      'La personne a proposé une modification qui doit être vérifiée ; sa fiche reste publiée avec les dernières valeurs vérifiées.',
  },
  closed: {
    label: 'Dossier fermé',
    expected:
      'Le dossier est fermé pour de bon : la fiche n’est plus publiée, plus rien n’y est modifiable ; il est conservé en lecture pendant la durée légale, puis supprimé.',
  },
} satisfies Record<CaseStatus, Omit<StatusExplanation, 'actor'>>;

/** Who reads a status: she, about her case, or CAF staff, about hers. */
export type Audience = 'childminder' | 'staff';

/** A status's label for whoever reads it. */
export function statusLabel(status: CaseStatus, audience: Audience): string {
  return (audience === 'staff' ? STAFF_STATUS_EXPLANATIONS : STATUS_EXPLANATIONS)[status].label;
}

/** Her status explained to her; a closed case's explanation begins with its reason. */
export function explanationFor(status: CaseStatus, reason: ClosureReason | null): StatusExplanation {
  const explanation = STATUS_EXPLANATIONS[status];
  if (status !== 'closed' || !reason) return explanation;
  return { ...explanation, expected: `${CLOSURE_REASON_LABELS[reason].childminder} ${explanation.expected}` };
}

/** A status explained to CAF staff; a closed case's explanation begins with its reason. */
export function staffExplanationFor(
  status: CaseStatus,
  reason: ClosureReason | null,
): Omit<StatusExplanation, 'actor'> {
  const explanation = STAFF_STATUS_EXPLANATIONS[status];
  if (status !== 'closed' || !reason) return explanation;
  return { ...explanation, expected: `${CLOSURE_REASON_LABELS[reason].staff}. ${explanation.expected}` };
}

export function isCaseStatus(value: string): value is CaseStatus {
  return (CASE_STATUSES as readonly string[]).includes(value);
}
