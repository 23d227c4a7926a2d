/**
 * A département's notification as the API checks it (form, batch line, machine API). Apart from
 * agrement-notifications.ts (its kinds, rules and effects, which the workflows share) so that the
 * workflow bundle holds no schema library: every workflow the worker creates evaluates the bundle's
 * modules again.
 */
import { NOTIFICATION_KINDS } from './agrement-notifications.ts';
import { z } from './validation-fr.ts';

/** A day (`AAAA-MM-JJ`, from the start of that day, UTC) or an instant (`…T…Z`, for tests and systems). */
const dateOrInstant = z
  .string({ error: 'Date attendue au format AAAA-MM-JJ.' })
  .trim()
  .refine(
    (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) || /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(v),
    'Date attendue au format AAAA-MM-JJ.',
  )
  .refine(
    (v) => !Number.isNaN(Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v)),
    'Cette date n’existe pas.',
  );
const isoDate = z.iso.date({ error: 'Date attendue au format AAAA-MM-JJ.' });
const text = (max: number) =>
  z.string({ error: 'Ce champ est obligatoire.' }).trim().min(1, 'Ce champ est obligatoire.').max(max);

export const notificationSchema = z.object({
  kind: z.enum(NOTIFICATION_KINDS, { error: 'Choisissez le type de notification.' }),
  /** The département's own reference for this notification: sending it again changes nothing. */
  reference: text(60).regex(/^[\w./-]+$/, 'Lettres, chiffres, « - », « _ », « . » ou « / » seulement.'),
  agrementNumber: text(40),
  birthName: text(100),
  birthDate: isoDate,
  effectiveDate: dateOrInstant,
  /** Suspension: its last day (or the instant it ends). */
  endDate: dateOrInstant.nullish().transform((v) => v ?? null),
  reason: text(40),
  /** Renewal: the new expiry date. */
  expiryDate: isoDate.nullish().transform((v) => v ?? null),
  /** Modification: the values that change. */
  capacity: z
    .int('Nombre entier attendu.')
    .min(1)
    .max(6)
    .nullish()
    .transform((v) => v ?? null),
  workplace: z
    .enum(['home', 'mam'], { error: 'À domicile ou en MAM.' })
    .nullish()
    .transform((v) => v ?? null),
});
export type DepartementNotification = z.output<typeof notificationSchema>;
