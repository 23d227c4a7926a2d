/**
 * Availability: what she declares (places, days and slots, from a date), and the legal cadence of
 * declarations: before 1 June and before 1 December, each time for the next six months.
 * "Complète" and "indisponible" are declarations too; while unavailable the duty is lifted.
 */
import { parisToday } from './agrement.ts';

export const AGE_GROUPS = {
  under3: 'Moins de 3 ans',
  from3to6: 'De 3 à 6 ans',
  over6: 'Plus de 6 ans',
} as const;
export type AgeGroup = keyof typeof AGE_GROUPS;

export const WEEKDAYS = {
  mon: 'Lundi',
  tue: 'Mardi',
  wed: 'Mercredi',
  thu: 'Jeudi',
  fri: 'Vendredi',
  sat: 'Samedi',
  sun: 'Dimanche',
} as const;
export type Weekday = keyof typeof WEEKDAYS;

export const AVAILABILITY_STATUSES = {
  available: 'Places disponibles',
  full: 'Complète',
  unavailable: 'Indisponible (activité suspendue)',
} as const;
export type AvailabilityStatus = keyof typeof AVAILABILITY_STATUSES;

export interface TimeSlot {
  day: Weekday;
  /** HH:MM, 24-hour clock. */
  start: string;
  end: string;
}

export interface Availability {
  status: AvailabilityStatus;
  /** ISO date from which the declaration applies. */
  from: string;
  places: Record<AgeGroup, number>;
  slots: TimeSlot[];
}

/** Month-day of each legal deadline: a declaration is due before these dates. */
export const DECLARATION_DEADLINES = ['06-01', '12-01'] as const;

function deadlinesAround(year: number): string[] {
  return [year - 1, year, year + 1].flatMap((y) => DECLARATION_DEADLINES.map((md) => `${y}-${md}`));
}

/** The first deadline strictly after `today` (ISO dates). */
export function nextDeclarationDeadline(today: string): string {
  const year = Number(today.slice(0, 4));
  const next = deadlinesAround(year).find((deadline) => deadline > today);
  if (!next) throw new Error(`Aucune échéance après ${today}`);
  return next;
}

/** The deadline just before `deadline`: a declaration made on or after it counts for `deadline`. */
export function previousDeclarationDeadline(deadline: string): string {
  const year = Number(deadline.slice(0, 4));
  const earlier = deadlinesAround(year).filter((d) => d < deadline);
  const previous = earlier.at(-1);
  if (!previous) throw new Error(`Aucune échéance avant ${deadline}`);
  return previous;
}

export type DeclarationState = 'exempt' | 'up_to_date' | 'due' | 'overdue';

export interface DeclarationStatus {
  state: DeclarationState;
  /** The deadline she is working towards. */
  nextDeadline: string;
  /** Set when overdue: the deadline that passed without a declaration. */
  missedDeadline: string | null;
}

/**
 * Where she stands on `today`, given the day of her last declaration (ISO date) and her status.
 * `due` means the window for the next deadline is open and she has not declared in it yet.
 */
export function declarationStatus(
  lastDeclaredOn: string | null,
  status: AvailabilityStatus,
  today: string,
): DeclarationStatus {
  const nextDeadline = nextDeclarationDeadline(today);
  if (status === 'unavailable') return { state: 'exempt', nextDeadline, missedDeadline: null };
  const lastPassed = previousDeclarationDeadline(nextDeadline);
  const coveredLastPassed =
    lastDeclaredOn !== null && lastDeclaredOn >= previousDeclarationDeadline(lastPassed);
  if (!coveredLastPassed) return { state: 'overdue', nextDeadline, missedDeadline: lastPassed };
  const coveredNext = lastDeclaredOn !== null && lastDeclaredOn >= lastPassed;
  return { state: coveredNext ? 'up_to_date' : 'due', nextDeadline, missedDeadline: null };
}

/** A deadline day's instant: midnight in Paris (summer time on 1 June, winter time on 1 December). */
export function deadlineInstant(deadline: string): string {
  const offset = deadline.slice(5) === '06-01' ? '+02:00' : '+01:00';
  return new Date(`${deadline}T00:00:00${offset}`).toISOString();
}

/** One declaration period: a declaration made from `opensAt` (null: any time before) counts for `deadline`. */
export interface DeclarationCycle {
  opensAt: string | null;
  deadline: string;
}

/**
 * The period `now` falls in: the first deadline after `now` and the one before it. `explicit` (ISO
 * instants, for tests) replaces the legal calendar; null when no explicit deadline is left.
 */
export function declarationCycle(now: Date, explicit?: readonly string[]): DeclarationCycle | null {
  if (explicit) {
    const instants = explicit.map((d) => new Date(d).toISOString()).sort();
    const index = instants.findIndex((d) => Date.parse(d) > now.getTime());
    if (index < 0) return null;
    return { opensAt: instants[index - 1] ?? null, deadline: instants[index]! };
  }
  const next = nextDeclarationDeadline(parisToday(now));
  return { opensAt: deadlineInstant(previousDeclarationDeadline(next)), deadline: deadlineInstant(next) };
}

/** Whether she is clear for the cycle: she declared within it, or she is unavailable (the duty is lifted). */
export function declarationCovered(
  lastDeclaredAt: string | null,
  status: AvailabilityStatus,
  cycle: DeclarationCycle,
): boolean {
  if (status === 'unavailable') return true;
  if (lastDeclaredAt === null) return false;
  return cycle.opensAt === null || Date.parse(lastDeclaredAt) >= Date.parse(cycle.opensAt);
}

export type DeadlineOutcome = 'declared' | 'exempt' | 'overdue';

/** How a passed deadline is settled. */
export function deadlineOutcome(
  lastDeclaredAt: string | null,
  status: AvailabilityStatus,
  cycle: DeclarationCycle,
): DeadlineOutcome {
  if (status === 'unavailable') return 'exempt';
  return declarationCovered(lastDeclaredAt, status, cycle) ? 'declared' : 'overdue';
}

/**
 * The graduated response to missed declarations: a first miss only brings a warning; a missed
 * declaration alone never justifies a withdrawal.
 */
export function overdueNotice(consecutiveMisses: number): string {
  return consecutiveMisses <= 1
    ? 'Votre déclaration de disponibilités n’a pas été faite à temps. Ce premier oubli est un simple avertissement : déclarez vos disponibilités dès maintenant. Le relais petite enfance (RPE) de votre secteur peut vous aider.'
    : `Votre déclaration de disponibilités manque pour la ${consecutiveMisses}e échéance de suite. La CAF peut vous rappeler, puis le département vous écrire. Déclarez vos disponibilités dès maintenant ; le relais petite enfance (RPE) de votre secteur peut vous aider.`;
}
