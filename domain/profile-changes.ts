/**
 * Her edits after activation: which apply at once and which go back to moderation, and when she may
 * make them. Contact details, publication choices and availability apply at once, and so does a new
 * address in the same département; a change of identity, of agrément data or of département is
 * checked by the pivot CAF of the (new) département, while the last verified values stay published.
 * No I/O and no heavy import: the workflows call the rules below.
 */
import type { CaseStatus } from './case-status.ts';
import type { Actor } from './case-rules.ts';
import type { RegistrationData, Section } from './registration.ts';

export const PROFILE_SECTIONS = [
  'identity',
  'agrement',
  'contact',
  'availability',
] as const satisfies Section[];

/** Why a change needs a moderator, in her words. */
export const CHANGE_REASONS = {
  identity: 'Votre identité change : la CAF doit la vérifier.',
  agrement: 'Les données de votre agrément changent : la CAF doit les vérifier sur l’attestation.',
  departement:
    'Vous changez de département : la CAF pivot de votre nouveau département doit vérifier votre dossier.',
} as const;
export type ChangeReason = keyof typeof CHANGE_REASONS;

/** The same reasons, as CAF staff read them about her. */
export const STAFF_CHANGE_REASONS = {
  identity: 'La personne change son identité : à vérifier.',
  agrement: 'Les données de l’agrément changent : à vérifier sur l’attestation.',
  departement: 'La personne change de département : la CAF pivot du nouveau département vérifie le dossier.',
} as const satisfies Record<ChangeReason, string>;

export interface ChangeTreatment {
  /** Empty: the change applies at once and is published. */
  reasons: ChangeReason[];
  /** The département whose pivot CAF checks the change (the new one when she moves). */
  departement: string;
}

/** Deep equality of JSON values whatever the order of keys (PostgreSQL's jsonb reorders them). */
function same(a: unknown, b: unknown): boolean {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.entries(value)
              .filter(([, v]) => v !== undefined)
              .sort(([x], [y]) => (x < y ? -1 : 1))
              .map(([k, v]) => [k, canonical(v)]),
          )
        : value;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/**
 * How a change to one section is treated, given her verified data; null when nothing changes. An
 * availability declaration always counts, even unchanged: confirming is declaring. `departementOf`
 * gives a commune's département (domain/geography.ts, passed in to keep this module light).
 */
export function changeTreatment<S extends Section>(
  section: S,
  verified: RegistrationData,
  proposed: RegistrationData[S],
  departementOf: (communeCode: string) => string,
): ChangeTreatment | null {
  const current = verified.agrement.departement;
  if (section === 'availability') return { reasons: [], departement: current };
  if (same(verified[section], proposed)) return null;
  if (section === 'identity') return { reasons: ['identity'], departement: current };
  if (section === 'agrement') {
    const agrement = proposed as RegistrationData['agrement'];
    return {
      reasons: agrement.departement === current ? ['agrement'] : ['agrement', 'departement'],
      departement: agrement.departement,
    };
  }
  const contact = proposed as RegistrationData['contact'];
  const from = departementOf(verified.contact.address.communeCode);
  const to = departementOf(contact.address.communeCode);
  return from === to ? { reasons: [], departement: current } : { reasons: ['departement'], departement: to };
}

export const CHANGE_RULES = {
  not_active:
    'Votre inscription n’est pas encore validée : complétez ou corrigez votre dossier depuis « Mon dossier ».',
  change_pending:
    'Une modification attend déjà la décision de la CAF : vous pourrez en proposer une autre après sa décision.',
  section_pending:
    'Cette partie de votre profil attend la décision de la CAF sur votre modification : vous pourrez la changer ensuite.',
  last_document:
    'C’est la seule copie de votre agrément dans votre dossier en cours d’examen : ajoutez d’abord la nouvelle, puis retirez celle-ci.',
  attestation_unchanged:
    'Les données saisies sont celles de votre agrément actuel : indiquez ce que change votre nouvelle attestation (nouvelle date d’échéance, capacité, âges…).',
  attestation_not_pending: 'Ce fichier a déjà été utilisé : envoyez à nouveau votre attestation.',
  too_many_changes:
    'Vous avez déjà modifié votre profil de nombreuses fois aujourd’hui : vous pourrez le modifier à nouveau demain. Les modifications déjà faites sont enregistrées.',
} as const;
export type ChangeRuleCode = keyof typeof CHANGE_RULES;

/**
 * Code of a change of her agrément refused because the attestation sent with it was refused by the
 * check (its message is the refusal's, domain/documents.ts): the change never reaches the CAF.
 */
export const ATTESTATION_REFUSED = 'attestation_refused';

/** The part of her lifecycle the rules look at. */
export interface ProfileSnapshot {
  status: CaseStatus;
  ownerId: string;
  pendingSection: Section | null;
}

/**
 * She acts herself; or a relay agent acts for her (with her consent, checked by the API), on her
 * availability and contact only, and never for a change the CAF must check.
 */
function actsForOwner(
  snapshot: ProfileSnapshot,
  actor: Actor,
  section: Section,
  moderated: boolean,
): boolean {
  if (actor.role === 'childminder') return actor.userId === snapshot.ownerId;
  return (
    actor.role === 'relay' &&
    actor.onBehalfOf === snapshot.ownerId &&
    (section === 'contact' || section === 'availability') &&
    !moderated
  );
}

/**
 * She changes her own profile once active. A change that needs checking waits for the previous
 * one's decision; a section waiting for a decision cannot be changed at once meanwhile.
 */
export function profileChangeViolation(
  snapshot: ProfileSnapshot,
  actor: Actor,
  section: Section,
  moderated: boolean,
): ChangeRuleCode | 'not_owner' | null {
  if (!actsForOwner(snapshot, actor, section, moderated)) return 'not_owner';
  if (snapshot.status !== 'active' && snapshot.status !== 'change_in_moderation') return 'not_active';
  if (moderated && snapshot.pendingSection) return 'change_pending';
  if (snapshot.pendingSection === section) return 'section_pending';
  return null;
}

/** How many changes she may make in one day (Paris time): her edits are published, not a chat. */
export const MAX_CHANGES_PER_DAY = 30;

/** One more change today, within the day's limit. */
export function changesPerDayViolation(
  madeToday: number,
  limit = MAX_CHANGES_PER_DAY,
): ChangeRuleCode | null {
  return madeToday >= limit ? 'too_many_changes' : null;
}

/**
 * She may remove a copy of her agrément until the decision, except the last one while a moderator
 * examines the case (replacing is adding the new copy, then removing the old one).
 */
export function documentRemovalViolation(
  status: CaseStatus,
  acceptedDocuments: number,
): ChangeRuleCode | null {
  return status === 'in_moderation' && acceptedDocuments <= 1 ? 'last_document' : null;
}
