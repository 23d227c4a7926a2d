/**
 * Bulk reassignment: a supervisor moves many open cases to another office at once. The selection is
 * frozen when it starts; each case then gets the same reassign Update as a single move (its rule is
 * `reassignViolation`), and ends with exactly one outcome: moved, skipped (with the rule that said
 * no), failed, or not processed (stopped before it).
 */
import { CASE_RULES, type Actor, type CaseRuleCode } from './case-rules.ts';

export const BULK_STATUSES = ['selecting', 'running', 'completed', 'cancelled', 'failed'] as const;
export type BulkStatus = (typeof BULK_STATUSES)[number];

export const BULK_STATUS_LABELS: Record<BulkStatus, string> = {
  selecting: 'Sélection des dossiers',
  running: 'En cours',
  completed: 'Terminée',
  cancelled: 'Arrêtée',
  failed: 'Interrompue par une erreur',
};

export const FINISHED_BULK_STATUSES: readonly BulkStatus[] = ['completed', 'cancelled', 'failed'];

export const BULK_OUTCOMES = ['moved', 'skipped', 'failed', 'not_processed'] as const;
export type BulkOutcome = (typeof BULK_OUTCOMES)[number];

export const BULK_OUTCOME_LABELS: Record<BulkOutcome, string> = {
  moved: 'Transférés',
  skipped: 'Laissés en place',
  failed: 'En échec',
  not_processed: 'Non traités (réaffectation arrêtée)',
};

/** Why a case was not moved, beyond the case rules' own codes. */
export const BULK_REASONS = {
  cancelled: 'La réaffectation a été arrêtée avant ce dossier.',
  case_workflow_missing: 'Le processus de ce dossier est introuvable.',
  unavailable: 'Le service était indisponible : le dossier n’a pas pu être transféré.',
  unexpected: 'Une erreur inattendue a empêché le transfert.',
} as const;
export type BulkReasonCode = keyof typeof BULK_REASONS | CaseRuleCode;

/** The French explanation of a reason code (a case rule's or a bulk one's). */
export function bulkReasonLabel(code: string): string {
  return (
    (BULK_REASONS as Record<string, string>)[code] ?? (CASE_RULES as Record<string, string>)[code] ?? code
  );
}

/**
 * The case rules that leave a case where it is for a good reason (already there, decided meanwhile,
 * a decision being written, not routed yet): skipped. Any other refusal means the move should have
 * been possible (the supervisor lost an office, for instance): failed.
 */
const SKIPPING_RULES: readonly CaseRuleCode[] = [
  'same_office',
  'case_closed',
  'decision_in_progress',
  'case_not_routed',
  'not_in_moderation',
];

/** The outcome of a case whose reassign Update was refused with `code`. */
export function outcomeOfRefusal(code: string): Exclude<BulkOutcome, 'moved' | 'not_processed'> {
  return (SKIPPING_RULES as readonly string[]).includes(code) ? 'skipped' : 'failed';
}

/** Pace of a bulk reassignment: workflow input, so that a test can use small pages. */
export interface BulkReassignmentPolicy {
  /** Cases moved at the same time (each is an Update to its own workflow). */
  concurrency: number;
  /** Cases read per page of the frozen selection; the workflow continues as new after `pagesPerRun` pages. */
  pageSize: number;
  pagesPerRun: number;
}

export const DEFAULT_BULK_POLICY: BulkReassignmentPolicy = { concurrency: 8, pageSize: 200, pagesPerRun: 5 };

/** Most cases one explicit selection (checkboxes) may name; a filter has no limit. */
export const MAX_SELECTED_CASES = 500;

export const BULK_RULES = {
  not_supervisor: CASE_RULES.not_supervisor,
  office_not_overseen: 'Vous ne supervisez pas cette CAF.',
  bulk_finished: 'Cette réaffectation est terminée : il n’y a plus rien à arrêter.',
  empty_selection: 'Cochez au moins un dossier, ou choisissez de transférer tous les dossiers du filtre.',
} as const;
export type BulkRuleCode = keyof typeof BULK_RULES;

/** A supervisor may send cases only to an office she oversees (each case's own rule checks the rest). */
export function startBulkViolation(actor: Actor, toOfficeId: string): BulkRuleCode | null {
  if (actor.role !== 'supervisor') return 'not_supervisor';
  return actor.officeIds.includes(toOfficeId) ? null : 'office_not_overseen';
}

/** A running bulk reassignment may be stopped; asking twice is harmless. */
export function cancelBulkViolation(actor: Actor, finished: boolean): BulkRuleCode | null {
  if (actor.role !== 'supervisor') return 'not_supervisor';
  return finished ? 'bulk_finished' : null;
}

/** The workflow id of a bulk reassignment, derived from its record. */
export function bulkReassignmentWorkflowId(bulkId: string): string {
  return `bulk-reassignment:${bulkId}`;
}

/** What each case's reassign Update carries as its reason: the bulk that moved it. */
export function bulkReassignmentReason(bulkId: string): string {
  return bulkReassignmentWorkflowId(bulkId);
}
