/**
 * The automatic checks of an agrément, as the moderator reads them before she decides: its validity
 * and its capacity. They judge the agrément her decision is about: the one a change waiting for her
 * proposes (a renewal, a modification, with or without a new attestation), else the verified one.
 * Approving a renewal of an expired agrément is no problem; a proposed date already past still is.
 */
import { capacityIssues, isAgrementValidOn } from './agrement.ts';
import { frenchDate } from './french-dates.ts';
import type { Agrement, Section } from './registration.ts';

/** One automatic check, as shown to the moderator. */
export interface CaseFact {
  code: string;
  label: string;
  /** ok: nothing to see; warning: look closer; problem: likely a reason to ask or refuse. */
  level: 'ok' | 'warning' | 'problem';
  detail: string;
}

/** The agrément a decision is about, and whether it is the one a change proposes. */
export interface AgrementUnderDecision {
  agrement: Agrement;
  proposed: boolean;
}

/**
 * What the decision would make hers: the agrément of a change of her agrément waiting for the CAF,
 * else her verified agrément (a change of another section leaves it as it is). Null with neither.
 */
export function agrementUnderDecision(
  verified: Agrement | null | undefined,
  pendingChange: { section: Section; value: unknown } | null | undefined,
): AgrementUnderDecision | null {
  if (pendingChange?.section === 'agrement')
    return { agrement: pendingChange.value as Agrement, proposed: true };
  return verified ? { agrement: verified, proposed: false } : null;
}

/** Validity on `today` (ISO day, Paris) and capacity against the legal limits, in this order. */
export function agrementFacts({ agrement, proposed }: AgrementUnderDecision, today: string): CaseFact[] {
  const source = proposed ? ', selon la modification proposée' : '';
  const valid = isAgrementValidOn(agrement.expiryDate, today);
  const capacity = capacityIssues({ simultaneous: agrement.capacity, exception: agrement.capacityException });
  return [
    {
      code: 'agrement_validity',
      label: valid ? 'Agrément en cours de validité' : 'Agrément expiré',
      level: valid ? 'ok' : 'problem',
      detail: valid
        ? `Valide jusqu’au ${frenchDate(agrement.expiryDate)}${source}.`
        : `Expiré depuis le ${frenchDate(agrement.expiryDate)}${source}.`,
    },
    {
      code: 'capacity',
      label: capacity.length ? 'Capacité au-delà des limites légales' : 'Capacité dans les limites légales',
      level: capacity.length ? 'problem' : agrement.capacityException ? 'warning' : 'ok',
      detail: capacity.length
        ? capacity.map((c) => c.message).join(' ')
        : agrement.capacityException
          ? `${agrement.capacity} enfants, avec une dérogation déclarée${source} : à vérifier sur l’attestation.`
          : `${agrement.capacity} enfant(s) en même temps${source}.`,
    },
  ];
}
