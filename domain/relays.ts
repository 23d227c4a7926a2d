/**
 * Relais petite enfance (RPE): a relay's record as supervisors fill it in, what a childminder reads
 * before letting one help her, what a relay may do for her (and what never), and the needs its list
 * filters on. Pure: the API, the UI and the workflow's rule read the same values.
 */
import { z } from './validation-fr.ts';
import { communeCodeSchema, phoneSchema } from './registration.ts';

const line = (max: number, error: string) =>
  z.string({ error }).trim().min(1, error).max(max, `${max} caractères au plus.`);

/** A relay as a supervisor creates or edits it: who it is, how to reach it, the communes it covers. */
export const relaySchema = z
  .object({
    name: line(120, 'Indiquez le nom du relais.'),
    address: line(160, 'Indiquez l’adresse du relais.'),
    postalCode: z
      .string({ error: 'Code postal à 5 chiffres.' })
      .trim()
      .regex(/^\d{5}$/, 'Code postal à 5 chiffres.'),
    city: line(100, 'Indiquez la commune du relais.'),
    phone: phoneSchema.nullable().default(null),
    email: z.email('Adresse électronique invalide.').trim().toLowerCase().nullable().default(null),
    communeCodes: z
      .array(communeCodeSchema)
      .min(1, 'Choisissez au moins une commune couverte.')
      .max(200, '200 communes au plus.'),
  })
  .check((ctx) => {
    if (ctx.value.phone === null && ctx.value.email === null)
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        path: ['phone'],
        message:
          'Indiquez un téléphone ou une adresse électronique : les familles doivent pouvoir joindre le relais.',
      });
  });
export type RelayInput = z.output<typeof relaySchema>;

/** What she reads before choosing a relay: what it will see, what it will do, what it never can. */
export const RELAY_CONSENT_STATEMENT = {
  sees: [
    'l’état de votre inscription et ce que la CAF attend de vous (une correction, une déclaration à faire) ;',
    'vos disponibilités déclarées ;',
    'vos coordonnées et vos choix de publication.',
  ],
  does: [
    'déclarer vos disponibilités pour vous, y compris « complète » et « indisponible » ;',
    'modifier vos coordonnées et vos choix de publication.',
  ],
  never: [
    'voir votre numéro de sécurité sociale ni vos documents ;',
    'déposer ou redéposer votre dossier ;',
    'modifier votre identité ou votre agrément.',
  ],
  after:
    'Chaque action du relais est marquée « fait par le relais pour votre compte » dans votre historique et vous recevez un courriel. Vous retirez votre accord quand vous voulez, en un clic : le relais perd l’accès aussitôt.',
} as const;

/** The parts of her profile a relay may change for her: never her identity nor her agrément. */
export const DELEGABLE_SECTIONS = ['contact', 'availability'] as const;

export const RELAY_RULES = {
  no_consent:
    'Cette assistante maternelle n’a pas donné son accord à votre relais, ou l’a retiré : vous ne pouvez pas agir pour elle.',
  section_not_delegable:
    'Un relais ne peut pas modifier l’identité ni l’agrément d’une assistante maternelle : elle seule peut le faire, depuis son espace.',
  change_needs_moderation:
    'Ce changement doit être vérifié par la CAF (changement de département) : l’assistante maternelle doit le faire elle-même.',
  relay_not_covering: 'Ce relais ne couvre pas la commune où vous travaillez.',
  not_active: 'Son inscription n’est pas encore validée : elle seule peut compléter ou corriger son dossier.',
} as const;
export type RelayRuleCode = keyof typeof RELAY_RULES;

/** What the relay's list filters on. */
export const RELAY_NEEDS = {
  declaration_overdue: 'Déclaration de disponibilités en retard',
  declaration_due: 'Déclaration à faire sous 30 jours',
  correction_requested: 'Correction demandée par la CAF',
  agrement_expiring: 'Agrément à renouveler (expire sous 6 mois)',
} as const;
export type RelayNeed = keyof typeof RELAY_NEEDS;
export const relayNeedSchema = z.enum(Object.keys(RELAY_NEEDS) as [RelayNeed, ...RelayNeed[]]);

/** A declaration is "due" when its deadline is this close. */
export const DECLARATION_DUE_WITHIN_DAYS = 30;

/** An agrément is "to renew" from this many months before its expiry (the PMI's first reminder). */
export const AGREMENT_RENEWAL_WITHIN_MONTHS = 6;

/** The needs of one childminder, from her case, declaration and agrément (a list may filter on any). */
export function relayNeedsOf(
  now: Date,
  facts: {
    caseStatus: string;
    nextDeadline: Date | null;
    overdueDeadline: Date | null;
    /** Her agrément's expiry date (`AAAA-MM-JJ`), when declared. */
    agrementExpiry?: string | null;
  },
): RelayNeed[] {
  const needs: RelayNeed[] = [];
  if (facts.overdueDeadline) needs.push('declaration_overdue');
  else if (
    facts.nextDeadline &&
    facts.nextDeadline.getTime() - now.getTime() <= DECLARATION_DUE_WITHIN_DAYS * 86_400_000
  )
    needs.push('declaration_due');
  if (facts.caseStatus === 'correction_requested') needs.push('correction_requested');
  if (facts.agrementExpiry) {
    const renewFrom = new Date(`${facts.agrementExpiry}T00:00:00Z`);
    renewFrom.setUTCMonth(renewFrom.getUTCMonth() - AGREMENT_RENEWAL_WITHIN_MONTHS);
    if (now >= renewFrom) needs.push('agrement_expiring');
  }
  return needs;
}
