/** Accounts: email verification, password reset, sign-in throttling, staff invitations, TOTP, supervisors' offices. */
import type { Knex } from 'knex';

export async function up(_db: Knex): Promise<void> {}

export async function down(_db: Knex): Promise<void> {}
