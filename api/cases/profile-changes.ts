/**
 * Her edits after activation: checked with the same section rules as her registration, classified by
 * the one rule in domain/profile-changes.ts, stored as a change (pending values never touch her
 * verified data), then sent to her lifecycle workflow, which applies or routes it. Also the reads of
 * her pending change and declarations, for her pages and the moderator's.
 */
import type { Knex } from 'knex';
import { parisToday } from '../../domain/agrement.ts';
import type { AvailabilityStatus } from '../../domain/availability.ts';
import type { Actor } from '../../domain/case-rules.ts';
import { departementOfCommune } from '../../domain/geography.ts';
import {
  CHANGE_REASONS,
  CHANGE_RULES,
  changeTreatment,
  type ChangeReason,
} from '../../domain/profile-changes.ts';
import {
  IDENTITY_CHANGE_ATTENTION,
  IDENTITY_CHANGE_KEY_PREFIX,
  IDENTITY_OUTCOMES,
  isIdentityOutcome,
  type IdentityOutcome,
} from '../../domain/identity-check.ts';
import type { RegistrationData, Section } from '../../domain/registration.ts';
import { RELAY_RULES } from '../../domain/relays.ts';
import type { KeyRing } from '../../infra/keys.ts';
import { openIdentity, sealIdentity } from '../../infra/sealed-nir.ts';
import { refuseWhenClosed } from '../departements/closure.ts';
import { Problem } from '../problem.ts';
import type { CaseCommands } from './commands.ts';
import { findCase, type CaseMessage, type RegistrationRow } from './read-model.ts';
import { validateSection } from './registration-checks.ts';

/** `checking`: an identity change received, checked against SNGI before it goes to the CAF. */
export type ChangeOutcome = 'applied' | 'checking' | 'pending' | 'unchanged';

/** Where changes are kept, and the keys that seal an identity change's NIR (infra/sealed-nir.ts). */
export interface ChangeStore {
  db: Knex;
  keys: KeyRing;
}

/** "Complète" or "indisponible" in one action: a declaration with no place (her days stay shown when full). */
export async function declareOneAction(
  store: ChangeStore,
  commands: CaseCommands,
  registration: RegistrationRow,
  actor: Actor,
  status: Extract<AvailabilityStatus, 'full' | 'unavailable'>,
  options: ChangeOptions = {},
) {
  const current = registration.availability as RegistrationData['availability'] | null;
  const declaration = {
    status,
    from: parisToday(),
    places: { under3: 0, from3to6: 0, over6: 0 },
    // Full, her days and hours stay shown; suspended, there are none.
    slots: status === 'full' ? (current?.slots ?? []) : [],
  };
  return proposeProfileChange(store, commands, registration, actor, 'availability', declaration, options);
}

/**
 * Her command's audit line, written by her lifecycle with the event that records the change (in its
 * transaction): the action when the change applies at once, the one when it goes to the CAF, and its
 * detail (codes and ids), to which the change's id and its reasons for moderation are added.
 */
export interface ChangeAuditAs {
  applied: string;
  moderated?: string;
  detail?: Record<string, unknown>;
}

export interface ChangeOptions {
  /** The relay whose agent (the actor) makes it for her, marked on the change. */
  relayId?: string | null;
  /** Her new attestation sent with a change of her agrément (checked by her lifecycle before the CAF sees it). */
  documentId?: string | null;
  audit?: ChangeAuditAs;
}

/** Validates, classifies, stores and sends one change; a refused one leaves nothing behind. */
export async function proposeProfileChange(
  { db, keys }: ChangeStore,
  commands: CaseCommands,
  registration: RegistrationRow,
  actor: Actor,
  section: Section,
  input: unknown,
  { relayId = null, documentId = null, audit }: ChangeOptions = {},
): Promise<{ outcome: ChangeOutcome; changeId: string | null; reasons: ChangeReason[] }> {
  // Closed first: a closed case says why, rather than that it is not active.
  await refuseWhenClosed(db, registration.id);
  const kase = await findCase(db, registration.id);
  if (kase.status !== 'active' && kase.status !== 'change_in_moderation') {
    throw new Problem(409, 'not_active', CHANGE_RULES.not_active);
  }
  const value = await validateSection(db, section, input, registration);
  const treatment = changeTreatment(section, registration as RegistrationData, value, departementOfCommune);
  if (!treatment && documentId)
    throw new Problem(422, 'attestation_unchanged', CHANGE_RULES.attestation_unchanged);
  if (!treatment) return { outcome: 'unchanged', changeId: null, reasons: [] };

  const moderated = treatment.reasons.length > 0;
  if (relayId && moderated)
    throw new Problem(403, 'change_needs_moderation', RELAY_RULES.change_needs_moderation);
  const [row] = await db('profile_changes')
    .insert({
      registration_id: registration.id,
      section,
      value: JSON.stringify(
        section === 'identity'
          ? sealIdentity(keys, value as RegistrationData['identity'], registration.id)
          : value,
      ),
      reasons: treatment.reasons,
      departement: treatment.departement,
      proposed_by: actor.userId,
      relay_id: relayId,
      document_id: documentId,
    })
    .returning('id');
  let answer: Awaited<ReturnType<CaseCommands['changeProfile']>>;
  try {
    answer = await commands.changeProfile(registration.id, actor, {
      changeId: row.id,
      section,
      moderated,
      availability: section === 'availability' ? (value as RegistrationData['availability']).status : null,
      ...(documentId ? { documentId } : {}),
      ...(audit
        ? {
            audit: {
              action: moderated ? (audit.moderated ?? audit.applied) : audit.applied,
              detail: {
                ...audit.detail,
                changeId: row.id,
                ...(moderated ? { reasons: treatment.reasons } : {}),
              },
            },
          }
        : {}),
    });
  } catch (error) {
    await db('profile_changes').where({ id: row.id, status: 'proposed' }).delete();
    throw error;
  }
  // Her own change being checked, not another one waiting while this one applied at once.
  const checking = answer.pendingChange?.changeId === row.id && answer.pendingChange?.checking === true;
  const outcome = checking ? 'checking' : moderated ? 'pending' : 'applied';
  return { outcome, changeId: row.id, reasons: treatment.reasons };
}

/** The registry's answer on a proposed identity, beside it for the moderator (and for her). */
export interface ChangeIdentityCheck {
  outcome: IdentityOutcome;
  label: string;
  /** What the moderator must look at when the registry did not certify it as it is; null when it did. */
  attention: string | null;
  fields: Record<string, string>;
  checkedAt: Date;
}

export interface ChangeView {
  id: string;
  section: Section;
  value: unknown;
  reasons: Array<{ code: ChangeReason; label: string }>;
  /** `checking`: an identity change received, being checked against SNGI before it reaches the CAF. */
  status: 'checking' | 'pending' | 'approved' | 'refused' | 'correction_requested' | 'closed_with_case';
  identityCheck: ChangeIdentityCheck | null;
  /** The attestation sent with it (an accepted copy of her case), read through the audited routes. */
  documentId: string | null;
  createdAt: Date;
  decidedAt: Date | null;
  message: Pick<CaseMessage, 'reasonCode' | 'body' | 'fields'> | null;
}

function changeView(keys: KeyRing, row: Record<string, unknown>): ChangeView {
  const section = row.section as Section;
  return {
    id: row.id as string,
    section,
    value:
      section === 'identity'
        ? openIdentity(keys, row.value as RegistrationData['identity'], row.registration_id as string)
        : row.value,
    reasons: (row.reasons as ChangeReason[]).map((code) => ({ code, label: CHANGE_REASONS[code] })),
    status: row.status === 'proposed' ? 'checking' : (row.status as ChangeView['status']),
    identityCheck: isIdentityOutcome(row.identity_outcome)
      ? {
          outcome: row.identity_outcome,
          label: IDENTITY_OUTCOMES[row.identity_outcome],
          attention: IDENTITY_CHANGE_ATTENTION[row.identity_outcome],
          fields: row.identity_fields as Record<string, string>,
          checkedAt: row.identity_checked_at as Date,
        }
      : null,
    documentId: (row.document_id as string | null) ?? null,
    createdAt: row.created_at as Date,
    decidedAt: row.decided_at as Date | null,
    message: row.body
      ? {
          reasonCode: row.reason_code as string | null,
          body: row.body as string,
          fields: row.fields as string[],
        }
      : null,
  };
}

function changes(db: Knex, registrationId: string) {
  return db('profile_changes as pc')
    .leftJoin('case_messages as m', 'm.id', 'pc.message_id')
    .leftJoin(
      'identity_checks as ic',
      'ic.request_key',
      db.raw('? || pc.id::text', [IDENTITY_CHANGE_KEY_PREFIX]),
    )
    .where('pc.registration_id', registrationId)
    .orderBy('pc.created_at', 'desc')
    .select(
      'pc.*',
      'm.reason_code',
      'm.body',
      'm.fields',
      'ic.outcome as identity_outcome',
      'ic.fields as identity_fields',
      'ic.checked_at as identity_checked_at',
    );
}

/**
 * The change waiting for a moderator, with its proposed values and the registry's answer on an
 * identity (for her page and the moderator's); or her identity change still being checked, which
 * her lifecycle marked received on her timeline.
 */
export async function pendingChangeOf(
  { db, keys }: ChangeStore,
  registrationId: string,
): Promise<ChangeView | null> {
  const row = await changes(db, registrationId)
    .andWhere((where) =>
      where
        .where('pc.status', 'pending')
        .orWhere((checking) =>
          checking
            .where('pc.status', 'proposed')
            .whereExists(
              db('case_events as e')
                .where({ 'e.registration_id': registrationId, 'e.type': 'change_received' })
                .whereRaw("e.data->>'changeId' = pc.id::text"),
            ),
        ),
    )
    .first();
  return row ? changeView(keys, row) : null;
}

/**
 * The last moderated change decided, with the moderator's message when it was not approved; or,
 * asked with `['closed_with_case']`, the one closed with her case (api/cases/closed-changes.ts).
 */
export async function lastDecidedChangeOf(
  { db, keys }: ChangeStore,
  registrationId: string,
  statuses: ChangeView['status'][] = ['approved', 'refused', 'correction_requested'],
): Promise<ChangeView | null> {
  const row = await changes(db, registrationId).whereIn('pc.status', statuses).first();
  return row ? changeView(keys, row) : null;
}

/**
 * The registry's last answer on the identity she holds: her registration's check, or the check of
 * her last approved identity change (a change still waiting shows its own beside it).
 */
export async function identityCheckOf(db: Knex, registrationId: string) {
  const row = await db('identity_checks as ic')
    .where('ic.registration_id', registrationId)
    .andWhere((held) =>
      held
        .whereNull('ic.request_key')
        .orWhereNot('ic.request_key', 'like', `${IDENTITY_CHANGE_KEY_PREFIX}%`)
        .orWhereExists(
          db('profile_changes as pc')
            .where('pc.status', 'approved')
            .whereRaw('? || pc.id::text = ic.request_key', [IDENTITY_CHANGE_KEY_PREFIX]),
        ),
    )
    .orderBy('ic.checked_at', 'desc')
    .first<{ outcome: string; fields: unknown; checkedAt: Date } | undefined>(
      'ic.outcome',
      'ic.fields',
      'ic.checked_at as checkedAt',
    );
  return row ?? null;
}

export interface DeclarationView {
  availabilityStatus: string;
  lastDeclaredAt: Date | null;
  nextDeadline: Date | null;
  overdueDeadline: Date | null;
  consecutiveMisses: number;
}

/** Where she stands on her availability declarations (null before her lifecycle wrote it). */
export async function declarationOf(db: Knex, registrationId: string): Promise<DeclarationView | null> {
  const row = await db('declaration_status')
    .where({ registration_id: registrationId })
    .first(
      'availability_status as availabilityStatus',
      'last_declared_at as lastDeclaredAt',
      'next_deadline as nextDeadline',
      'overdue_deadline as overdueDeadline',
      'consecutive_misses as consecutiveMisses',
    );
  return row ?? null;
}
