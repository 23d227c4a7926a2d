/**
 * Links sent by email (address verification, password reset, staff invitation): a random token in
 * the link, only its hash in the database; single use, with an expiry, and a new link replaces the
 * previous one of the same kind.
 */
import type { Knex } from 'knex';
import { LINK_LIFETIME_MS, LINK_RESEND_INTERVAL_MS, type LinkPurpose } from '../../domain/accounts.ts';
import { Problem } from '../problem.ts';
import { hashToken, newToken } from './sessions.ts';

export const LINK_PROBLEMS = {
  link_invalid: 'Ce lien n’est pas valide : il a peut-être été remplacé par un lien plus récent.',
  link_expired: 'Ce lien a expiré. Demandez-en un nouveau.',
  link_used: 'Ce lien a déjà servi.',
} as const;

/** Issues a link token for `purpose`, cancelling the previous ones of the same kind. */
export async function issueLink(db: Knex, userId: string, purpose: LinkPurpose): Promise<string> {
  const token = newToken();
  await db.transaction(async (trx) => {
    await trx('account_links').where({ user_id: userId, purpose }).whereNull('used_at').delete();
    await trx('account_links').insert({
      token_hash: hashToken(token),
      user_id: userId,
      purpose,
      expires_at: new Date(Date.now() + LINK_LIFETIME_MS[purpose]),
    });
  });
  return token;
}

/** When the last link of this kind was sent less than the resend interval ago: when another may go. */
export async function nextLinkAllowedAt(
  db: Knex,
  userId: string,
  purpose: LinkPurpose,
): Promise<Date | null> {
  const last = await db('account_links')
    .where({ user_id: userId, purpose })
    .orderBy('created_at', 'desc')
    .first('created_at');
  if (!last) return null;
  const next = new Date(last.created_at.getTime() + LINK_RESEND_INTERVAL_MS);
  return next > new Date() ? next : null;
}

/** The user a live link belongs to, without using it up; a Problem saying why when it cannot be used. */
export async function openLink(db: Knex, token: string, purpose: LinkPurpose): Promise<string> {
  const row = await db('account_links')
    .where({ token_hash: hashToken(token), purpose })
    .first();
  if (!row) throw new Problem(404, 'link_invalid', LINK_PROBLEMS.link_invalid);
  if (row.used_at) throw new Problem(410, 'link_used', LINK_PROBLEMS.link_used);
  if (row.expires_at <= new Date()) throw new Problem(410, 'link_expired', LINK_PROBLEMS.link_expired);
  return row.user_id;
}

/** Uses a link up (once, even under concurrent clicks); returns its user. */
export async function useLink(db: Knex, token: string, purpose: LinkPurpose): Promise<string> {
  const [row] = await db('account_links')
    .where({ token_hash: hashToken(token), purpose })
    .whereNull('used_at')
    .andWhere('expires_at', '>', db.fn.now())
    .update({ used_at: db.fn.now() })
    .returning('user_id');
  if (row) return row.user_id;
  await openLink(db, token, purpose); // throws the reason
  throw new Problem(410, 'link_used', LINK_PROBLEMS.link_used);
}

/** Cancels every pending link of a user (deactivation). */
export async function cancelLinks(db: Knex, userId: string): Promise<void> {
  await db('account_links').where({ user_id: userId }).whereNull('used_at').delete();
}
