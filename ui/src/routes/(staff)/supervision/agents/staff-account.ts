/** Staff accounts as the API lists them for a supervisor (api/auth/staff-account-routes.ts). */
import { error } from '@sveltejs/kit';

export interface StaffAccount {
  id: string;
  displayName: string;
  email: string;
  role: 'moderator' | 'supervisor' | 'data_protection';
  national: boolean;
  offices: Array<{ id: string; name: string }>;
  status: 'invited' | 'active' | 'deactivated';
  createdAt: string;
  lastLoginAt: string | null;
  self: boolean;
}

export interface StaffList {
  national: boolean;
  offices: Array<{ id: string; name: string }>;
  items: StaffAccount[];
}

/** These pages are for supervisors; anyone else is told the page does not exist. */
export function requireSupervisor(locals: App.Locals): void {
  if (locals.user?.role !== 'supervisor') error(404, 'Page introuvable.');
}

/** What the list says after an action on an account. */
export const DONE = ['invitation', 'renvoi', 'desactivation'] as const;
export type Done = (typeof DONE)[number];
