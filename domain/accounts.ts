/** Account rules: email form, password strength (ANSSI guidance for a password used alone), session lengths. */
import { z } from 'zod';
import type { Role } from './case-rules.ts';

export const PASSWORD_MIN_LENGTH = 12;

export const emailSchema = z.email('Adresse électronique invalide.').trim().max(254);

export const passwordSchema = z
  .string({ error: 'Choisissez un mot de passe.' })
  .min(PASSWORD_MIN_LENGTH, `Au moins ${PASSWORD_MIN_LENGTH} caractères.`)
  .max(256, '256 caractères au plus.');

/** Emails compare case-insensitively and without surrounding spaces. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** How long a session lasts without being used again, by role: staff sessions are short. */
export const SESSION_LIFETIME_MS: Record<Role, number> = {
  childminder: 7 * 24 * 3600_000,
  moderator: 10 * 3600_000,
  supervisor: 10 * 3600_000,
};
