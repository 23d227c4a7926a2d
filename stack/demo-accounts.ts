/**
 * Demo accounts seeded by `npm start`, so that someone trying the product can sign in with every
 * role at once (the list and its public credentials: demo-account-list.ts). Idempotent: a second
 * start refreshes them (password, role, offices, second factor, unlocked) instead of failing on the
 * unique email. `DEMO_ACCOUNTS=off` disables them.
 */
import { hashPassword } from '../api/auth/passwords.ts';
import { accountKey } from '../api/auth/throttle.ts';
import { sealTotpSecret } from '../api/auth/totp.ts';
import { normalizeEmail } from '../domain/accounts.ts';
import type { Db } from '../infra/db.ts';
import type { KeyRing } from '../infra/keys.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, type DemoAccount } from './demo-account-list.ts';
import { seedDemoRelays } from './demo-relays.ts';

export { DEMO_ACCOUNTS, DEMO_PASSWORD, type DemoAccount };

/** True unless `DEMO_ACCOUNTS=off`. */
export function demoAccountsEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.DEMO_ACCOUNTS?.trim().toLowerCase() !== 'off';
}

/** Upserts the demo accounts; returns the ones seeded (none when disabled). */
export async function seedDemoAccounts(
  db: Db,
  keys: KeyRing,
  env: NodeJS.ProcessEnv = process.env,
): Promise<DemoAccount[]> {
  if (!demoAccountsEnabled(env)) return [];
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  // Before the accounts: the demo relay agent belongs to one.
  await seedDemoRelays(db);
  const now = new Date();
  for (const account of DEMO_ACCOUNTS) {
    const national = account.role === 'supervisor' && !account.supervisedOfficeIds?.length;
    const refreshed = {
      password_hash: passwordHash,
      role: account.role,
      office_id: account.officeId,
      relay_id: account.relayId ?? null,
      departement_code: account.departementCode ?? null,
      national,
      display_name: account.displayName,
      totp_secret: account.totpSecret ? sealTotpSecret(keys, account.totpSecret) : null,
      totp_enrolled_at: account.totpSecret ? now : null,
      deactivated_at: null,
    };
    // Merge keeps the id (and so the demo childminder's registration) and the first verification date.
    const [row] = await db('users')
      .insert({
        ...refreshed,
        email: account.email,
        email_normalized: normalizeEmail(account.email),
        email_verified_at: now,
      })
      .onConflict('email_normalized')
      .merge({
        ...refreshed,
        email_verified_at: db.raw('coalesce(users.email_verified_at, excluded.email_verified_at)'),
      })
      .returning('id');
    await db('supervisor_offices').where({ user_id: row.id }).delete();
    if (account.supervisedOfficeIds?.length)
      await db('supervisor_offices').insert(
        account.supervisedOfficeIds.map((officeId) => ({ user_id: row.id, office_id: officeId })),
      );
    await db('login_throttle')
      .where({ account_key: accountKey(account.email) })
      .delete();
  }
  return [...DEMO_ACCOUNTS];
}
