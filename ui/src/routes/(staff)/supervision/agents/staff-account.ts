/** Staff accounts as the API lists them for a supervisor (api/auth/staff-account-routes.ts). */
import { error } from '@sveltejs/kit';

export interface StaffAccount {
  id: string;
  displayName: string;
  email: string;
  role: 'moderator' | 'supervisor' | 'data_protection' | 'departement_agent';
  national: boolean;
  offices: Array<{ id: string; name: string }>;
  /** A département agent's département. */
  departement: { code: string; name: string } | null;
  status: 'invited' | 'active' | 'deactivated';
  createdAt: string;
  lastLoginAt: string | null;
  self: boolean;
}

export interface StaffList {
  national: boolean;
  offices: Array<{ id: string; name: string }>;
  /** The départements she may invite agents for (those routed to her offices; all if national). */
  departements: Array<{ code: string; name: string }>;
  items: StaffAccount[];
}

/** These pages are for supervisors; anyone else is told the page does not exist. */
export function requireSupervisor(locals: App.Locals): void {
  if (locals.user?.role !== 'supervisor') error(404, 'Page introuvable.');
}

/** Where an account works, as the list and its page say it. */
export function scopeOf(
  account: Pick<StaffAccount, 'national' | 'offices' | 'departement'>,
  t: { national: string; departementScope: (name: string) => string },
): string {
  if (account.national) return t.national;
  if (account.departement) return t.departementScope(account.departement.name);
  return account.offices.map((o) => o.name).join(', ');
}

/** What the list says after an action on an account. */
export const DONE = ['invitation', 'renvoi', 'desactivation'] as const;
export type Done = (typeof DONE)[number];
