/**
 * The agrément (licence issued by the président of the Conseil départemental): legal capacity
 * limits and validity. The expiry date is declared, never computed (5 or 10 years depending on the case).
 */
import { parisDay } from './french-dates.ts';

/** Legal limits (Code de l'action sociale et des familles, L. 421-4). */
export const CAPACITY_LIMITS = {
  /** Children cared for at the same time. */
  simultaneous: 4,
  /** Minors under 11 in her care in total, her own included. */
  minorsUnder11: 6,
  /** Of whom under 3. */
  under3: 4,
} as const;

/** Even with a derogation, a capacity above this is a typing mistake. */
export const MAX_CAPACITY_WITH_EXCEPTION = 6;

export interface AgrementCapacity {
  simultaneous: number;
  /** The attestation explicitly allows more than the legal limit. */
  exception: boolean;
}

export type CapacityIssueCode = 'capacity_above_limit' | 'capacity_implausible' | 'capacity_not_positive';

export interface CapacityIssue {
  code: CapacityIssueCode;
  message: string;
}

/**
 * Her declared places against her agrément's capacity, which a département's modification may lower:
 * the limit applies to them at once, and she is told to correct her declaration. Null when within it.
 */
export function placesAboveCapacity(
  places: Record<string, number> | null | undefined,
  capacity: number | null | undefined,
): { declared: number; capacity: number; message: string } | null {
  if (!places || typeof capacity !== 'number') return null;
  const declared = Object.values(places).reduce((sum, n) => sum + n, 0);
  if (declared <= capacity) return null;
  return {
    declared,
    capacity,
    message: `Vous déclarez ${declared} places disponibles, mais votre agrément n’autorise plus que ${capacity} enfant${capacity > 1 ? 's' : ''} en même temps : mettez à jour vos disponibilités.`,
  };
}

/** What her agrément lets her declare: the capacity it gives and its exception flag. */
export interface PlacesAgrement {
  capacity: number;
  capacityException: boolean;
}

/** Places she declares, by age group (the groups of domain/availability.ts). */
export interface DeclaredPlaces {
  under3: number;
  from3to6: number;
  over6: number;
}

export interface PlacesIssue {
  code: PlacesIssueCode;
  message: string;
}

export type PlacesIssueCode =
  'places_above_capacity' | 'places_minors_above_limit' | 'places_under3_above_limit';

/**
 * The most places she may declare, in all and under 3: her agrément's capacity, and without an
 * exception on her attestation the legal limits on minors under 11 (every place counts as one: the
 * declaration's groups stop at « plus de 6 ans ») and on children under 3.
 */
export function placesLimits(agrement: PlacesAgrement): { total: number; under3: number } {
  if (agrement.capacityException) return { total: agrement.capacity, under3: agrement.capacity };
  const total = Math.min(agrement.capacity, CAPACITY_LIMITS.minorsUnder11);
  return { total, under3: Math.min(total, CAPACITY_LIMITS.under3) };
}

const placesWord = (n: number) => `${n} place${n > 1 ? 's' : ''}`;

/** Why a declaration of places is beyond her agrément, first the capacity it gives; empty when within it. */
export function declaredPlacesIssues(places: DeclaredPlaces, agrement: PlacesAgrement): PlacesIssue[] {
  const declared = places.under3 + places.from3to6 + places.over6;
  const issues: PlacesIssue[] = [];
  if (declared > agrement.capacity)
    issues.push({
      code: 'places_above_capacity',
      message: `Votre agrément autorise ${agrement.capacity} enfant${agrement.capacity > 1 ? 's' : ''} en même temps : déclarez au plus ${placesWord(agrement.capacity)} (vous en déclarez ${declared}).`,
    });
  else if (!agrement.capacityException && declared > CAPACITY_LIMITS.minorsUnder11)
    issues.push({
      code: 'places_minors_above_limit',
      message: `La loi limite à ${CAPACITY_LIMITS.minorsUnder11} les mineurs de moins de 11 ans accueillis, sauf dérogation écrite sur votre attestation : déclarez au plus ${placesWord(CAPACITY_LIMITS.minorsUnder11)}.`,
    });
  if (!agrement.capacityException && places.under3 > CAPACITY_LIMITS.under3)
    issues.push({
      code: 'places_under3_above_limit',
      message: `La loi limite à ${CAPACITY_LIMITS.under3} les enfants de moins de 3 ans accueillis, sauf dérogation écrite sur votre attestation : déclarez au plus ${placesWord(CAPACITY_LIMITS.under3)} pour les moins de 3 ans.`,
    });
  return issues;
}

/**
 * The places parents may see: her declared ones within what her agrément allows now (a département's
 * modification may have lowered it since she declared), the youngest first, until she declares again.
 */
export function placesWithinAgrement<P extends DeclaredPlaces>(places: P, agrement: PlacesAgrement): P {
  const limits = placesLimits(agrement);
  const under3 = Math.min(places.under3, limits.under3);
  const from3to6 = Math.min(places.from3to6, limits.total - under3);
  const over6 = Math.min(places.over6, limits.total - under3 - from3to6);
  return { ...places, under3, from3to6, over6 };
}

/** Checks the declared capacity against the legal limits and the exception flag. */
export function capacityIssues(capacity: AgrementCapacity): CapacityIssue[] {
  if (capacity.simultaneous < 1) {
    return [{ code: 'capacity_not_positive', message: 'L’agrément porte sur au moins un enfant.' }];
  }
  if (capacity.simultaneous > MAX_CAPACITY_WITH_EXCEPTION) {
    return [
      {
        code: 'capacity_implausible',
        message: `Un agrément ne dépasse pas ${MAX_CAPACITY_WITH_EXCEPTION} enfants accueillis en même temps, même par dérogation.`,
      },
    ];
  }
  if (capacity.simultaneous > CAPACITY_LIMITS.simultaneous && !capacity.exception) {
    return [
      {
        code: 'capacity_above_limit',
        message: `La loi limite l’accueil à ${CAPACITY_LIMITS.simultaneous} enfants en même temps. Si votre attestation prévoit une dérogation, cochez la case correspondante.`,
      },
    ];
  }
  return [];
}

/** ISO dates (YYYY-MM-DD) compare as strings. */
export function isAgrementValidOn(expiryDate: string, day: string): boolean {
  return expiryDate >= day;
}

/** Today as an ISO date in Paris time, the reference for "expired" and for declaration deadlines. */
export function parisToday(now: Date = new Date()): string {
  return parisDay(now);
}
