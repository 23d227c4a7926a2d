/**
 * Sessions: a random token given to the UI server (which keeps it in an HttpOnly cookie); only its
 * SHA-256 is stored, so a copy of the database does not open anyone's session.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { SESSION_LIFETIME_MS } from '../../domain/accounts.ts';
import type { Actor, Role } from '../../domain/case-rules.ts';

export interface AuthUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  officeId: string | null;
  emailVerified: boolean;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(
  db: Knex,
  userId: string,
  role: Role,
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_LIFETIME_MS[role]);
  await db('sessions').insert({ token_hash: hashToken(token), user_id: userId, expires_at: expiresAt });
  return { token, expiresAt };
}

/** The user behind a live session token, extending its life (sliding expiry); null when expired or unknown. */
export async function userForToken(db: Knex, token: string): Promise<AuthUser | null> {
  const row = await db('sessions as s')
    .join('users as u', 'u.id', 's.user_id')
    .where('s.token_hash', hashToken(token))
    .andWhere('s.expires_at', '>', db.fn.now())
    .first('u.id', 'u.email', 'u.display_name', 'u.role', 'u.office_id', 'u.email_verified_at');
  if (!row) return null;
  const user: AuthUser = {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    officeId: row.office_id,
    emailVerified: row.email_verified_at !== null,
  };
  await db('sessions')
    .where('token_hash', hashToken(token))
    .update({ last_seen_at: db.fn.now(), expires_at: new Date(Date.now() + SESSION_LIFETIME_MS[user.role]) });
  return user;
}

export async function revokeSession(db: Knex, token: string): Promise<void> {
  await db('sessions').where('token_hash', hashToken(token)).delete();
}

/** The actor of the rules (domain/case-rules.ts) for a signed-in user. */
export async function actorFor(db: Knex, user: AuthUser): Promise<Actor> {
  if (user.role === 'moderator')
    return { userId: user.id, role: user.role, officeIds: user.officeId ? [user.officeId] : [] };
  if (user.role === 'supervisor') {
    const offices = await db('offices').pluck<string[]>('id');
    return { userId: user.id, role: user.role, officeIds: offices };
  }
  return { userId: user.id, role: user.role, officeIds: [] };
}
