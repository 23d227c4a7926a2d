/**
 * What a parent sends to a childminder and what she answers, as the API checks them. Apart from
 * contact-requests.ts (the statuses and rules the workflow shares) so that the workflow bundle holds
 * no schema library: every workflow the worker creates evaluates the bundle's modules again.
 */
import { z } from 'zod';
import { emailSchema } from './accounts.ts';
import { AGE_GROUPS, type AgeGroup, type Weekday } from './availability.ts';
import { DECLINE_REASONS, type DeclineReason } from './contact-requests.ts';
import { phoneSchema } from './registration.ts';
import { DAYS } from './search.ts';

const required = 'Ce champ est obligatoire.';
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Heure attendue au format HH:MM.');

/** What a parent sends; no account needed. */
export const contactRequestSchema = z.object({
  parentName: z.string({ error: required }).trim().min(2, required).max(120, '120 caractères au plus.'),
  parentEmail: emailSchema,
  parentPhone: z
    .string()
    .trim()
    .nullish()
    .transform((raw) => raw || null)
    .pipe(phoneSchema.nullable()),
  ageGroup: z.enum(Object.keys(AGE_GROUPS) as [AgeGroup], { error: 'Indiquez l’âge de l’enfant.' }),
  startDate: z.iso.date({ error: 'Date attendue au format AAAA-MM-JJ.' }),
  days: z
    .array(z.enum(DAYS as [Weekday]))
    .min(1, 'Choisissez au moins un jour.')
    .max(7),
  hoursFrom: clock.nullish().transform((v) => v ?? null),
  hoursTo: clock.nullish().transform((v) => v ?? null),
  message: z
    .string({ error: required })
    .trim()
    .min(10, 'Présentez votre demande en quelques mots (10 caractères au moins).')
    .max(1500, '1 500 caractères au plus.'),
});
export type ContactRequestInput = z.output<typeof contactRequestSchema>;

/** Her answer: accept to talk, sharing one channel (even one she hides publicly), or decline with a reason. */
export const contactAnswerSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('accept'),
    channel: z.enum(['phone', 'email'], { error: 'Choisissez comment le parent peut vous joindre.' }),
    message: z.string({ error: required }).trim().min(2, required).max(1500, '1 500 caractères au plus.'),
  }),
  z.object({
    kind: z.literal('decline'),
    reason: z.enum(Object.keys(DECLINE_REASONS) as [DeclineReason], { error: 'Choisissez un motif.' }),
    message: z
      .string()
      .trim()
      .max(1500, '1 500 caractères au plus.')
      .nullish()
      .transform((v) => v || null),
    /** With "no place any more": declare herself complete in the same action. */
    declareFull: z.boolean().default(false),
  }),
]);
export type ContactAnswer = z.output<typeof contactAnswerSchema>;
