/**
 * Demo accounts seeded by `npm start`, so that someone trying the product can sign in with every
 * role at once. Idempotent: a second start refreshes them (password, role, office, unlocked)
 * instead of failing on the unique email. `DEMO_ACCOUNTS=off` disables them.
 */
import { hashPassword } from '../api/auth/passwords.ts';
import { normalizeEmail } from '../domain/accounts.ts';
import type { Role } from '../domain/case-rules.ts';
import type { Db } from '../infra/db.ts';

/** One password for every demo account: they are public by design, never for production data. */
export const DEMO_PASSWORD = 'demo-registre-2026';

export interface DemoAccount {
  email: string;
  role: Role;
  officeId: string | null;
  displayName: string;
  /** How the role reads in the start-up banner. */
  label: string;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    email: 'assmat@demo.registre-assmat.fr',
    role: 'childminder',
    officeId: null,
    displayName: 'Camille Dupont',
    label: 'assistante maternelle',
  },
  {
    email: 'moderatrice.lyon@demo.registre-assmat.fr',
    role: 'moderator',
    officeId: 'caf-69',
    displayName: 'Modératrice CAF du Rhône',
    label: 'modératrice',
  },
  {
    email: 'moderatrice.paris@demo.registre-assmat.fr',
    role: 'moderator',
    officeId: 'caf-75',
    displayName: 'Modératrice CAF de Paris',
    label: 'modératrice',
  },
  {
    email: 'superviseur@demo.registre-assmat.fr',
    role: 'supervisor',
    officeId: null,
    displayName: 'Superviseur national',
    label: 'superviseur',
  },
];

/** True unless `DEMO_ACCOUNTS=off`. */
export function demoAccountsEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.DEMO_ACCOUNTS?.trim().toLowerCase() !== 'off';
}

/** Upserts the demo accounts; returns the ones seeded (none when disabled). */
export async function seedDemoAccounts(db: Db, env: NodeJS.ProcessEnv = process.env): Promise<DemoAccount[]> {
  if (!demoAccountsEnabled(env)) return [];
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const now = new Date();
  for (const account of DEMO_ACCOUNTS) {
    const row = {
      email: account.email,
      email_normalized: normalizeEmail(account.email),
      password_hash: passwordHash,
      role: account.role,
      office_id: account.officeId,
      display_name: account.displayName,
      email_verified_at: now,
      failed_login_count: 0,
      locked_until: null,
    };
    // Merge keeps the id (and so the demo childminder's registration) and the first verification date.
    await db('users')
      .insert(row)
      .onConflict('email_normalized')
      .merge({
        password_hash: passwordHash,
        role: account.role,
        office_id: account.officeId,
        display_name: account.displayName,
        email_verified_at: db.raw('coalesce(users.email_verified_at, excluded.email_verified_at)'),
        failed_login_count: 0,
        locked_until: null,
      });
  }
  return [...DEMO_ACCOUNTS];
}
