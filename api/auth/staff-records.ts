/**
 * Staff accounts as the supervisors' routes read them (api/auth/staff-account-routes.ts): one row per
 * account with the offices it works for. A département agent works with the office her département
 * is routed to (the pivot CAF of her PMI service): that is the office a supervisor must oversee.
 */
import type { Knex } from 'knex';
import type { StaffScope } from '../../domain/accounts.ts';
import type { Role } from '../../domain/case-rules.ts';

export interface StaffRow {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  national: boolean;
  office_id: string | null;
  supervised: string[] | null;
  departement_code: string | null;
  departement_name: string | null;
  /** A département agent's: the office her département is routed to. */
  departement_office: string | null;
  password_hash: string | null;
  deactivated_at: Date | null;
  created_at: Date;
  last_login_at: Date | null;
}

export const scopeOf = (row: StaffRow): StaffScope => ({
  role: row.role,
  national: row.national,
  officeIds: row.office_id
    ? [row.office_id]
    : row.departement_office
      ? [row.departement_office]
      : (row.supervised ?? []),
});

export const statusOf = (row: StaffRow): 'active' | 'invited' | 'deactivated' =>
  row.deactivated_at ? 'deactivated' : row.password_hash === null ? 'invited' : 'active';

/** A staff account as the supervisor's pages show it. */
export function itemOf(row: StaffRow, managerId: string, officeNames: Map<string, string>) {
  return {
    id: row.id,
    displayName: row.display_name,
    email: row.email,
    role: row.role,
    national: row.national,
    offices: scopeOf(row).officeIds.map((id) => ({ id, name: officeNames.get(id) ?? id })),
    departement: row.departement_code
      ? { code: row.departement_code, name: row.departement_name ?? row.departement_code }
      : null,
    status: statusOf(row),
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
    self: row.id === managerId,
  };
}

/** Every staff account (moderators, supervisors, département agents), with what `StaffRow` reads. */
export function staffAccounts(db: Knex) {
  return db('users as u')
    .whereIn('u.role', ['moderator', 'supervisor', 'data_protection', 'departement_agent'])
    .leftJoin('departements as d', 'd.code', 'u.departement_code')
    .leftJoin('routing as rt', 'rt.departement_code', 'u.departement_code')
    .select(
      'u.id',
      'u.email',
      'u.display_name',
      'u.role',
      'u.national',
      'u.office_id',
      'u.password_hash',
      'u.deactivated_at',
      'u.created_at',
      'u.last_login_at',
      'u.departement_code',
      'd.name as departement_name',
      'rt.office_id as departement_office',
      db.raw(
        '(select array_agg(so.office_id order by so.office_id) from supervisor_offices so where so.user_id = u.id) as supervised',
      ),
    );
}
