/** Reads of a case from PostgreSQL (the projection written by the workflow's activities). */
import type { Knex } from 'knex';
import type { CaseStatus, ClosureReason } from '../../domain/case-status.ts';
import type { RegistrationDraft } from '../../domain/registration.ts';
import type { KeyRing } from '../../infra/keys.ts';
import { openIdentity } from '../../infra/sealed-nir.ts';
import { referralEntries } from '../departements/commission-referrals.ts';

export interface RegistrationRow extends RegistrationDraft {
  id: string;
  userId: string;
  createdAt: Date;
  updatedAt: Date;
  submittedAt: Date | null;
}

/** Her four sections as stored: after activation, the verified values. */
export function sectionsOf(registration: RegistrationRow) {
  const { identity, agrement, contact, availability } = registration;
  return { identity, agrement, contact, availability };
}

/** Her registration, the NIR opened. */
export async function findRegistration(db: Knex, keys: KeyRing, id: string): Promise<RegistrationRow | null> {
  if (!isUuid(id)) return null;
  const row = await db('registrations').where({ id }).first();
  if (!row) return null;
  return {
    id: row.id,
    userId: row.user_id,
    identity: openIdentity(keys, row.identity, row.id),
    agrement: row.agrement,
    contact: row.contact,
    availability: row.availability,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    submittedAt: row.submitted_at,
  };
}

export interface CaseRow {
  status: CaseStatus;
  officeId: string | null;
  officeName: string | null;
  holderId: string | null;
  holderName: string | null;
  departement: string | null;
  identityOutcome: string | null;
  submittedAt: Date | null;
  statusSince: Date;
  dueAt: Date | null;
  decidedAt: Date | null;
  /** Why it is closed, when it is. */
  closureReason: ClosureReason | null;
  seq: number;
}

/** The projected case, or a draft when the workflow has not started yet. */
export async function findCase(db: Knex, registrationId: string): Promise<CaseRow> {
  const row = await db('cases as c')
    .leftJoin('offices as o', 'o.id', 'c.office_id')
    .leftJoin('users as h', 'h.id', 'c.holder_id')
    .where('c.registration_id', registrationId)
    .first(
      'c.status',
      'c.office_id as officeId',
      'o.name as officeName',
      'c.holder_id as holderId',
      'h.display_name as holderName',
      'c.departement',
      'c.identity_outcome as identityOutcome',
      'c.submitted_at as submittedAt',
      'c.status_since as statusSince',
      'c.due_at as dueAt',
      'c.decided_at as decidedAt',
      'c.closure_reason as closureReason',
      'c.seq',
    );
  return (
    row ?? {
      status: 'draft',
      officeId: null,
      officeName: null,
      holderId: null,
      holderName: null,
      departement: null,
      identityOutcome: null,
      submittedAt: null,
      statusSince: new Date(0),
      dueAt: null,
      decidedAt: null,
      closureReason: null,
      seq: 0,
    }
  );
}

export interface CaseMessage {
  id: string;
  kind: 'correction_request' | 'rejection' | 'note';
  reasonCode: string | null;
  body: string;
  fields: string[];
  createdAt: Date;
}

export interface TimelineEntry {
  seq: number;
  type: string;
  status: CaseStatus;
  at: Date;
  actorName: string | null;
  officeName: string | null;
  data: Record<string, unknown>;
  message: CaseMessage | null;
  /** Done by a relay's agent for her: « fait par <relais> pour le compte de <elle> ». */
  onBehalf: { relayName: string; forName: string } | null;
}

/** Events of the office's own work on deadlines: not part of the childminder's story of her case. */
export const STAFF_ONLY_EVENTS = ['deadline_reminder_sent', 'deadline_escalated'];

/**
 * The timeline of a case. Staff see who acted; the childminder sees the office, not the agent's
 * name, and never internal notes nor the office's deadline alerts.
 */
export async function timeline(
  db: Knex,
  registrationId: string,
  audience: 'childminder' | 'staff',
): Promise<TimelineEntry[]> {
  const rows = await db('case_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .leftJoin('offices as o', 'o.id', 'e.office_id')
    .leftJoin('case_messages as m', 'm.id', 'e.message_id')
    .leftJoin('profile_changes as pc', db.raw("pc.id::text = e.data->>'changeId'"))
    .leftJoin('relays as rl', 'rl.id', 'pc.relay_id')
    .leftJoin('registrations as rg', 'rg.id', 'e.registration_id')
    .leftJoin('users as owner', 'owner.id', 'rg.user_id')
    .where('e.registration_id', registrationId)
    .whereNotIn('e.type', audience === 'childminder' ? STAFF_ONLY_EVENTS : [])
    .orderBy('e.seq')
    .select(
      'e.seq',
      'e.type',
      'e.status',
      'e.at',
      'e.data',
      'u.display_name as actorName',
      'u.role as actorRole',
      'o.name as officeName',
      'm.id as messageId',
      'm.kind as messageKind',
      'm.reason_code as reasonCode',
      'm.body as messageBody',
      'm.fields as messageFields',
      'm.created_at as messageAt',
      'rl.name as relayName',
      'owner.display_name as ownerName',
    );
  const events: TimelineEntry[] = rows.map((row) => ({
    seq: row.seq,
    type: row.type,
    status: row.status,
    at: row.at,
    actorName: audience === 'staff' || row.actorRole === 'childminder' ? row.actorName : null,
    officeName: row.officeName,
    data: row.data,
    onBehalf: row.relayName ? { relayName: row.relayName, forName: row.ownerName } : null,
    message:
      row.messageId && (audience === 'staff' || row.messageKind !== 'note')
        ? {
            id: row.messageId,
            kind: row.messageKind,
            reasonCode: row.reasonCode,
            body: row.messageBody,
            fields: row.messageFields,
            createdAt: row.messageAt,
          }
        : null,
  }));
  // The département's referrals to its commission are not events of her workflow: merged by time.
  const referrals = await referralEntries(db, registrationId, audience);
  for (const referral of referrals) {
    const after = events.findIndex((event) => event.at.getTime() > referral.at.getTime());
    events.splice(after < 0 ? events.length : after, 0, referral);
  }
  return events;
}

/** The latest message of a kind (the correction asked, the reason of a rejection). */
export async function latestMessage(
  db: Knex,
  registrationId: string,
  kind: CaseMessage['kind'],
): Promise<CaseMessage | null> {
  const row = await db('case_messages')
    .where({ registration_id: registrationId, kind })
    .orderBy('created_at', 'desc')
    .first('id', 'kind', 'reason_code as reasonCode', 'body', 'fields', 'created_at as createdAt');
  return row ?? null;
}

export interface DocumentRow {
  id: string;
  fileName: string;
  contentType: string;
  size: number | null;
  status: 'pending' | 'accepted' | 'refused' | 'removed';
  refusalCode: string | null;
  createdAt: Date;
}

export async function documentsOf(db: Knex, registrationId: string): Promise<DocumentRow[]> {
  const rows = await db('documents')
    .where({ registration_id: registrationId })
    .whereNot({ status: 'removed' })
    .orderBy('created_at')
    .select(
      'id',
      'file_name as fileName',
      'content_type as contentType',
      'size',
      'status',
      'refusal_code as refusalCode',
      'created_at as createdAt',
    );
  return rows.map((row) => ({ ...row, size: row.size === null ? null : Number(row.size) }));
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

export interface CaseNote {
  id: string;
  body: string;
  authorName: string;
  createdAt: Date;
}

/** Staff's internal notes on a case, oldest first. Never read by a childminder's route. */
export async function notesOf(db: Knex, registrationId: string): Promise<CaseNote[]> {
  return db('case_notes as n')
    .join('users as u', 'u.id', 'n.author_id')
    .where('n.registration_id', registrationId)
    .orderBy([{ column: 'n.created_at' }, { column: 'n.id' }])
    .select('n.id', 'n.body', 'u.display_name as authorName', 'n.created_at as createdAt');
}

/** The moderators of an office, by name: whom a supervisor may give a case to. */
export async function officeModerators(
  db: Knex,
  officeId: string,
): Promise<Array<{ id: string; name: string }>> {
  return db('users')
    .where({ role: 'moderator', office_id: officeId })
    .whereNull('deactivated_at')
    .orderBy('display_name')
    .select('id', 'display_name as name');
}
