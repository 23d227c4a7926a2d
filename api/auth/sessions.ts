/**
 * Sessions: a random token given to the UI server (which keeps it in an HttpOnly cookie); only its
 * SHA-256 is stored, so a copy of the database does not open anyone's session.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { SESSION_MAX_AGE_MS, sessionExpiry } from '../../domain/accounts.ts';
import type { Actor, Role } from '../../domain/case-rules.ts';

export interface AuthUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  officeId: string | null;
  /** A supervisor of every office. */
  national: boolean;
  emailVerified: boolean;
  /** A relay agent's relay (domain/relays.ts). */
  relayId: string | null;
  /** A département agent's département (null for everyone else). */
  departementCode: string | null;
}

/** SHA-256 of a token, as stored: sessions, emailed links and sign-in challenges. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new random token (256 bits, URL-safe). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Opens a session after a complete sign-in; returns the token, which is never stored. */
export async function createSession(
  db: Knex,
  userId: string,
  role: Role,
): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const now = new Date();
  const expiresAt = sessionExpiry(role, now, now);
  await db('sessions').insert({
    token_hash: hashToken(token),
    user_id: userId,
    created_at: now,
    expires_at: expiresAt,
  });
  await db('users').where({ id: userId }).update({ last_login_at: now });
  return { token, expiresAt };
}

/**
 * The user behind a live session token, extending its life (sliding expiry, capped by the maximum
 * age); null when expired, unknown, or the account was deactivated.
 */
export async function userForToken(db: Knex, token: string): Promise<AuthUser | null> {
  const row = await db('sessions as s')
    .join('users as u', 'u.id', 's.user_id')
    .where('s.token_hash', hashToken(token))
    .andWhere('s.expires_at', '>', db.fn.now())
    .whereNull('u.deactivated_at')
    .first(
      'u.id',
      'u.email',
      'u.display_name',
      'u.role',
      'u.office_id',
      'u.national',
      'u.email_verified_at',
      'u.relay_id',
      'u.departement_code',
      's.created_at',
    );
  if (!row) return null;
  if (row.created_at.getTime() + SESSION_MAX_AGE_MS[row.role as Role] <= Date.now()) {
    await revokeSession(db, token);
    return null;
  }
  const user: AuthUser = {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    officeId: row.office_id,
    national: row.national,
    emailVerified: row.email_verified_at !== null,
    relayId: row.relay_id,
    departementCode: row.departement_code ?? null,
  };
  await db('sessions')
    .where('token_hash', hashToken(token))
    .update({ last_seen_at: db.fn.now(), expires_at: sessionExpiry(user.role, row.created_at, new Date()) });
  return user;
}

/** Ends one session (sign-out). */
export async function revokeSession(db: Knex, token: string): Promise<void> {
  await db('sessions').where('token_hash', hashToken(token)).delete();
}

/** Ends every session of a user but, when given, the one in use; returns how many ended. */
export async function endSessions(
  db: Knex,
  userId: string,
  keepToken: string | null = null,
): Promise<number> {
  const query = db('sessions').where({ user_id: userId });
  if (keepToken) query.whereNot('token_hash', hashToken(keepToken));
  return query.delete();
}

/** The offices a staff account works for: her office, the ones a supervisor oversees, all for a national one. */
export async function officesOf(
  db: Knex,
  user: Pick<AuthUser, 'id' | 'role' | 'officeId' | 'national'>,
): Promise<string[]> {
  if (user.role === 'moderator') return user.officeId ? [user.officeId] : [];
  if (user.role !== 'supervisor') return [];
  if (user.national) return db('offices').orderBy('id').pluck<string[]>('id');
  return db('supervisor_offices')
    .where({ user_id: user.id })
    .orderBy('office_id')
    .pluck<string[]>('office_id');
}

/** The actor of the rules (domain/case-rules.ts) for a signed-in user. */
export async function actorFor(db: Knex, user: AuthUser): Promise<Actor> {
  return { userId: user.id, role: user.role, officeIds: await officesOf(db, user) };
}
