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
