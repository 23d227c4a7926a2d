/**
 * Who may do what to a case, and when. The workflow's Update validators call these rules (they are
 * the authority, being serialised with the case's state); the API calls them too, to answer early.
 */
import type { CaseStatus } from './case-status.ts';
import { FINAL_STATUSES } from './case-status.ts';

export type Role = 'childminder' | 'moderator' | 'supervisor';

/** Who acts: ids and codes only, never personal data (it travels in Temporal history). */
export interface Actor {
  userId: string;
  role: Role;
  /** The moderator's office; the offices a supervisor oversees. Empty for a childminder. */
  officeIds: string[];
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
  not_staff: 'Seul un agent de modération peut prendre cette décision.',
  wrong_office: 'Ce dossier relève d’une autre CAF : vous ne pouvez pas agir dessus.',
  not_in_moderation: 'Ce dossier n’est pas en attente de décision : il a peut-être déjà été traité.',
  decision_in_progress: 'Une décision est déjà en cours d’enregistrement sur ce dossier.',
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

/** A moderator of the case's office decides a case waiting for moderation. */
export function decideViolation(snapshot: CaseSnapshot, actor: Actor): CaseRuleCode | null {
  if (actor.role !== 'moderator') return 'not_staff';
  if (!snapshot.officeId || !actor.officeIds.includes(snapshot.officeId)) return 'wrong_office';
  if (snapshot.status !== 'in_moderation') return 'not_in_moderation';
  if (snapshot.decisionPending) return 'decision_in_progress';
  return null;
}
