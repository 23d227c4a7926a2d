/**
 * Everything the register holds about one childminder (RGPD art. 15 and 20), read for her own
 * account only: every query is keyed on her user id or her registration's id, never on a path
 * parameter. Other people appear only as what she is shown anyway: the office, a staff member's
 * role (never a name), a parent's name on a request addressed to her (never the parent's email or
 * phone), a relay's name.
 */
import type { Knex } from 'knex';
import type { KeyRing } from '../../infra/keys.ts';
import { openIdentity } from '../../infra/sealed-nir.ts';
import { documentsOf, timeline } from '../cases/read-model.ts';
import type { View } from '../views/common.ts';
import type { personalDataView } from '../views/personal-data.ts';

export type PersonalData = View<typeof personalDataView>;

/** Her data, gathered from every table that holds some; `exportedAt` is now. */
export async function personalDataOf(db: Knex, keys: KeyRing, userId: string): Promise<PersonalData> {
  const user = await db('users')
    .where({ id: userId })
    .first(
      'email',
      'display_name',
      'role',
      'created_at',
      'email_verified_at',
      'last_login_at',
      'password_changed_at',
    );
  const sessions = await db('sessions')
    .where({ user_id: userId })
    .andWhere('expires_at', '>', db.fn.now())
    .orderBy('created_at')
    .select('created_at as createdAt', 'last_seen_at as lastSeenAt', 'expires_at as expiresAt');
  const registration = await db('registrations').where({ user_id: userId }).first();
  const registrationId: string | null = registration?.id ?? null;
  return {
    exportedAt: new Date(),
    account: {
      email: user.email,
      displayName: user.display_name,
      role: user.role,
      createdAt: user.created_at,
      emailVerifiedAt: user.email_verified_at,
      lastLoginAt: user.last_login_at ?? null,
      passwordChangedAt: user.password_changed_at,
      openSessions: sessions,
    },
    registration: registration
      ? {
          id: registration.id,
          createdAt: registration.created_at,
          updatedAt: registration.updated_at,
          submittedAt: registration.submitted_at,
          identity: openIdentity(keys, registration.identity, registration.id), // her NIR, opened
          agrement: registration.agrement,
          contact: registration.contact,
          availability: registration.availability,
        }
      : null,
    ...(registrationId ? await caseDataOf(db, keys, registrationId) : EMPTY_CASE),
    audit: await auditAbout(db, userId, registrationId),
  };
}

const EMPTY_CASE = {
  case: null,
  published: null,
  documents: [],
  identityChecks: [],
  timeline: [],
  profileChanges: [],
  contactRequests: [],
  relayConsents: [],
  emails: [],
} satisfies Omit<PersonalData, 'exportedAt' | 'account' | 'registration' | 'audit'>;

async function caseDataOf(db: Knex, keys: KeyRing, registrationId: string) {
  const where = { registration_id: registrationId };
  const kase = await db('cases as c')
    .leftJoin('offices as o', 'o.id', 'c.office_id')
    .where({ 'c.registration_id': registrationId })
    .first(
      'c.status',
      'o.name as officeName',
      'c.departement',
      'c.identity_outcome as identityOutcome',
      'c.submitted_at as submittedAt',
      'c.decided_at as decidedAt',
    );
  const published = await db('public_profiles')
    .where(where)
    .first('profile', 'published_at as publishedAt', 'updated_at as updatedAt');
  return {
    case: kase ?? null,
    published: published ?? null,
    documents: (await documentsOf(db, registrationId)).map((document) => ({
      ...document,
      // Her own copy, through her space (the UI serves it to her session only).
      downloadPath: document.status === 'accepted' ? `/mon-dossier/documents/${document.id}` : null,
    })),
    identityChecks: await db('identity_checks')
      .where(where)
      .orderBy('checked_at')
      .select('outcome', 'checked_at as checkedAt'),
    timeline: await timeline(db, registrationId, 'childminder'),
    profileChanges: (
      await db('profile_changes')
        .where(where)
        .orderBy('created_at')
        .select('section', 'status', 'value', 'created_at as createdAt', 'decided_at as decidedAt')
    ).map((change) =>
      change.section === 'identity'
        ? { ...change, value: openIdentity(keys, change.value, registrationId) }
        : change,
    ),
    contactRequests: await db('contact_requests')
      .where(where)
      .orderBy('created_at')
      .select(
        'status',
        'parent_name as parentName',
        'age_group as ageGroup',
        db.raw('start_date::text as "startDate"'),
        'days',
        'message',
        'created_at as createdAt',
        'answer_kind as answerKind',
        'answer_channel as answerChannel',
        'answer_message as answerMessage',
        'decline_reason as declineReason',
        'answered_at as answeredAt',
      ),
    relayConsents: await db('relay_consents as rc')
      .join('relays as r', 'r.id', 'rc.relay_id')
      .where({ 'rc.registration_id': registrationId })
      .orderBy('rc.granted_at')
      .select('r.name as relayName', 'rc.granted_at as grantedAt', 'rc.withdrawn_at as withdrawnAt'),
    emails: await db('notifications')
      .where(where)
      .orderBy('created_at')
      .select('template', 'created_at as createdAt', 'sent_at as sentAt'),
  };
}

/**
 * The audit log's rows about her: her account, her registration and its documents, and what she
 * did. Who acted is "herself" or a role, never another person's id; the detail stays out (it may
 * name other records).
 */
async function auditAbout(db: Knex, userId: string, registrationId: string | null) {
  const documentIds = registrationId
    ? db('documents').where({ registration_id: registrationId }).select(db.raw('id::text'))
    : [];
  const rows = await db('audit_log')
    .where((q) => {
      q.where({ target_type: 'user', target_id: userId }).orWhere({ actor_id: userId });
      if (registrationId) {
        q.orWhere({ target_type: 'registration', target_id: registrationId });
        q.orWhere((d) => d.where({ target_type: 'document' }).whereIn('target_id', documentIds));
      }
    })
    .orderBy('id')
    .select('at', 'action', 'actor_id', 'actor_role', 'target_type');
  return rows.map((row) => ({
    at: row.at,
    action: row.action,
    actor: row.actor_id === userId ? ('herself' as const) : row.actor_role ? String(row.actor_role) : null,
    about: row.target_type,
  }));
}
