/**
 * Who may do what to a case, and when. The workflow's Update validators call these rules (they are
 * the authority, being serialised with the case's state); the API calls them too, to answer early.
 */
import type { CaseStatus } from './case-status.ts';
import { FINAL_STATUSES, MODERATION_STATUSES } from './case-status.ts';

/** `departement_agent`: an agent of a département's PMI service, scoped to that one département. */
export type Role =
  'childminder' | 'moderator' | 'supervisor' | 'relay' | 'departement_agent' | 'data_protection';

/** Who acts: ids and codes only, never personal data (it travels in Temporal history). */
export interface Actor {
  userId: string;
  role: Role;
  /** The moderator's office; the offices a supervisor oversees. Empty for a childminder. */
  officeIds: string[];
  /** A relay agent acting for a childminder who consented: her user id (the API checked the consent). */
  onBehalfOf?: string;
}

/** The part of a case the rules look at. */
export interface CaseSnapshot {
  status: CaseStatus;
  ownerId: string;
  officeId: string | null;
  holderId: string | null;
  decisionPending: boolean;
}

export const CASE_RULES = {
  not_owner: 'Ce dossier n’est pas le vôtre.',
  not_draft: 'Ce dossier a déjà été déposé.',
  not_correction_requested: 'Aucune correction n’est attendue sur ce dossier.',
  case_closed: 'Ce dossier est clos : il ne peut plus être modifié.',
  too_many_uploads:
    'Vous avez envoyé beaucoup de fichiers aujourd’hui : vous pourrez en envoyer d’autres demain. Les copies déjà acceptées restent dans votre dossier.',
  not_staff: 'Seul un agent de modération peut prendre cette décision.',
  wrong_office: 'Ce dossier relève d’une autre CAF : vous ne pouvez pas agir dessus.',
  not_in_moderation: 'Ce dossier n’est pas en attente de décision : il a peut-être déjà été traité.',
  decision_in_progress: 'Une décision est déjà en cours d’enregistrement sur ce dossier.',
  not_holder: 'Prenez d’abord ce dossier en charge : seule la personne qui le tient peut agir dessus.',
  held_by_other: 'Ce dossier vient d’être pris en charge par une autre personne.',
  not_held: 'Ce dossier n’est tenu par personne.',
  not_supervisor: 'Seul un superviseur peut faire cette action.',
  assignee_other_office: 'Cette personne ne travaille pas dans la CAF qui tient ce dossier.',
  same_office: 'Ce dossier est déjà dans cette CAF.',
  case_not_routed: 'Ce dossier n’est encore rattaché à aucune CAF.',
} as const;

export type CaseRuleCode = keyof typeof CASE_RULES;

function ownerViolation(snapshot: CaseSnapshot, actor: Actor): CaseRuleCode | null {
  return actor.role === 'childminder' && actor.userId === snapshot.ownerId ? null : 'not_owner';
}

/** She submits her draft, once. */
export function submitViolation(snapshot: CaseSnapshot, actor: Actor): CaseRuleCode | null {
  return ownerViolation(snapshot, actor) ?? (snapshot.status === 'draft' ? null : 'not_draft');
}

/** She resubmits after a correction request. */
export function resubmitViolation(snapshot: CaseSnapshot, actor: Actor): CaseRuleCode | null {
  return (
    ownerViolation(snapshot, actor) ??
    (snapshot.status === 'correction_requested' ? null : 'not_correction_requested')
  );
}

/** She adds or replaces a copy of her agrément until the case is decided. */
export function attachDocumentViolation(snapshot: CaseSnapshot, actor: Actor): CaseRuleCode | null {
  return ownerViolation(snapshot, actor) ?? (FINAL_STATUSES.includes(snapshot.status) ? 'case_closed' : null);
}

/** How many files she may have checked in one day (accepted or refused): a case is not a file store. */
export const MAX_UPLOADS_PER_DAY = 30;

/** One more file to check today, within the day's limit. */
export function uploadsPerDayViolation(checkedToday: number): CaseRuleCode | null {
  return checkedToday >= MAX_UPLOADS_PER_DAY ? 'too_many_uploads' : null;
}

/** Staff of the case's office: its moderators, and the supervisors who oversee it. */
function officeViolation(snapshot: CaseSnapshot, actor: Actor): CaseRuleCode | null {
  if (actor.role === 'childminder' || actor.role === 'relay') return 'not_staff';
  if (!snapshot.officeId || !actor.officeIds.includes(snapshot.officeId)) return 'wrong_office';
  return null;
}

/** The moderator who holds a case waiting for moderation decides it. */
export function decideViolation(snapshot: CaseSnapshot, actor: Actor): CaseRuleCode | null {
  if (actor.role !== 'moderator') return 'not_staff';
  return (
    officeViolation(snapshot, actor) ??
    (!MODERATION_STATUSES.includes(snapshot.status)
      ? 'not_in_moderation'
      : snapshot.decisionPending
        ? 'decision_in_progress'
        : snapshot.holderId !== actor.userId
          ? 'not_holder'
          : null)
  );
}

/** A moderator of the office takes an unheld case (taking it again is harmless). */
export function claimViolation(snapshot: CaseSnapshot, actor: Actor): CaseRuleCode | null {
  if (actor.role !== 'moderator') return 'not_staff';
  return (
    officeViolation(snapshot, actor) ??
    (!MODERATION_STATUSES.includes(snapshot.status)
      ? 'not_in_moderation'
      : snapshot.holderId && snapshot.holderId !== actor.userId
        ? 'held_by_other'
        : null)
  );
}

/** The holder lets a case go back to the office's queue; a supervisor of the office may too. */
export function releaseViolation(snapshot: CaseSnapshot, actor: Actor): CaseRuleCode | null {
  return (
    officeViolation(snapshot, actor) ??
    (!snapshot.holderId
      ? 'not_held'
      : snapshot.decisionPending
        ? 'decision_in_progress'
        : actor.role === 'supervisor' || snapshot.holderId === actor.userId
          ? null
          : 'not_holder')
  );
}

/** A supervisor gives a case waiting for moderation to a moderator of its office. */
export function assignViolation(
  snapshot: CaseSnapshot,
  actor: Actor,
  assigneeOfficeId: string,
): CaseRuleCode | null {
  if (actor.role !== 'supervisor') return 'not_supervisor';
  return (
    officeViolation(snapshot, actor) ??
    (!MODERATION_STATUSES.includes(snapshot.status)
      ? 'not_in_moderation'
      : snapshot.decisionPending
        ? 'decision_in_progress'
        : assigneeOfficeId !== snapshot.officeId
          ? 'assignee_other_office'
          : null)
  );
}

/** A supervisor of both offices moves an open case to another office (it becomes unheld there). */
export function reassignViolation(
  snapshot: CaseSnapshot,
  actor: Actor,
  toOfficeId: string,
): CaseRuleCode | null {
  if (actor.role !== 'supervisor') return 'not_supervisor';
  if (!snapshot.officeId) return 'case_not_routed';
  if (!actor.officeIds.includes(toOfficeId)) return 'wrong_office';
  return (
    officeViolation(snapshot, actor) ??
    (FINAL_STATUSES.includes(snapshot.status)
      ? 'case_closed'
      : snapshot.decisionPending
        ? 'decision_in_progress'
        : toOfficeId === snapshot.officeId
          ? 'same_office'
          : null)
  );
}
