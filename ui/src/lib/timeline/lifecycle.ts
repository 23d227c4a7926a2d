/** How the timeline tells the events of a case after activation (profile changes, declarations, deadlines). */
import {
  AVAILABILITY_STATUSES,
  FORM_SECTIONS,
  IDENTITY_OUTCOMES,
  IDENTITY_OUTCOMES_FOR_HER,
  isIdentityOutcome,
  type AvailabilityStatus,
} from '../domain.ts';
import { formatDate } from '../i18n/index.ts';
import type { TimelineEntry } from '../types.ts';

const section = (entry: TimelineEntry) =>
  FORM_SECTIONS[entry.data.section as keyof typeof FORM_SECTIONS] ?? String(entry.data.section ?? '');
// A deadline is midnight in Paris at the start of its day: "avant le 1er juin" is that day.
const deadline = (entry: TimelineEntry) => formatDate(String(entry.data.deadline ?? ''));

export const lifecycleLabels: Record<
  string,
  (entry: TimelineEntry, audience: 'childminder' | 'staff') => string
> = {
  document_removed: () => 'Copie de l’agrément retirée',
  profile_updated: (entry) => `${section(entry)} : modification publiée`,
  availability_declared: (entry) =>
    `Disponibilités déclarées : ${AVAILABILITY_STATUSES[entry.data.status as AvailabilityStatus] ?? ''}`,
  change_received: (entry, audience) =>
    audience === 'staff'
      ? `${section(entry)} : modification reçue, vérification au répertoire national (SNGI) en cours`
      : `${section(entry)} : modification reçue, vérification auprès du répertoire national en cours`,
  change_submitted: (entry, audience) => {
    const outcome = entry.data.identityOutcome;
    if (!isIdentityOutcome(outcome))
      return audience === 'staff'
        ? `Modification à vérifier : ${section(entry)}`
        : `${section(entry)} : modification envoyée à la ${entry.officeName ?? 'CAF'} pour vérification`;
    return audience === 'staff'
      ? `Modification à vérifier : ${section(entry)} (SNGI : ${IDENTITY_OUTCOMES[outcome].toLowerCase()})`
      : `${section(entry)} : ${IDENTITY_OUTCOMES_FOR_HER[outcome].event.toLowerCase()} ; modification envoyée à la ${entry.officeName ?? 'CAF'} pour vérification`;
  },
  change_approved: (entry) => `${section(entry)} : modification validée et publiée`,
  change_refused: (entry) =>
    `${section(entry)} : modification ${entry.data.decision === 'request_correction' ? 'à revoir' : 'refusée'} ; les informations vérifiées restent publiées`,
  declaration_reminder_sent: (entry) =>
    `Rappel envoyé : disponibilités à déclarer avant le ${deadline(entry)}`,
  declaration_overdue: (entry) => `Déclaration de disponibilités manquée (échéance du ${deadline(entry)})`,
  commission_referral: (entry, audience) => {
    const on = formatDate(String(entry.data.referredOn ?? ''));
    const misses = Number(entry.data.consecutiveMisses ?? 0);
    return audience === 'staff'
      ? `Commission départementale saisie le ${on} (déclarations de disponibilités manquantes, ${misses} échéances de suite) ; l’agrément n’est ni suspendu ni retiré${entry.data.note ? `. Note : ${String(entry.data.note)}` : ''}`
      : `Le département a saisi la commission départementale le ${on} au sujet de vos déclarations de disponibilités manquantes (${misses} échéances de suite) ; votre agrément n’est ni suspendu ni retiré`;
  },
  agrement_suspension: () => 'Suspension de l’agrément notifiée par le département',
  agrement_lifting: () => 'Levée de la suspension notifiée par le département',
  agrement_suspension_ended: () => 'Fin de la suspension : fiche de nouveau publiée',
  agrement_withdrawal: () => 'Retrait de l’agrément notifié par le département',
  case_closed: (entry, audience) => {
    const closed =
      entry.data.reason === 'account_closed'
        ? 'Dossier fermé : compte fermé'
        : audience === 'staff'
          ? 'Dossier fermé : agrément retiré, fiche retirée pour de bon'
          : 'Dossier fermé : votre agrément est retiré, votre fiche n’est plus publiée';
    // A change waiting for the CAF then left the queue with the case.
    if (!entry.data.changeId) return closed;
    return audience === 'staff'
      ? `${closed} ; la modification en attente (${section(entry)}) est close avec lui, sans décision`
      : `${closed} ; votre modification en attente (${section(entry)}) est close avec lui, sans décision`;
  },
  agrement_modification: () => 'Modification de l’agrément notifiée par le département',
  agrement_renewal: () => 'Renouvellement de l’agrément notifié par le département',
  agrement_new_agrement: () => 'Nouvel agrément notifié par le département',
  agrement_expiry_reminder: (entry) =>
    `Rappel envoyé : agrément valable jusqu’au ${formatDate(String(entry.data.expiryDate ?? ''))}, renouvellement à demander`,
  agrement_expired: (entry) =>
    `Agrément arrivé à échéance (valable jusqu’au ${formatDate(String(entry.data.expiryDate ?? ''))}) : fiche retirée des recherches`,
};
