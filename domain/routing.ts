/**
 * Routing of cases to moderating offices ("CAF pivots"): a table département → office, kept in
 * PostgreSQL and editable by supervisors. This module gives the seed: one pivot office per région,
 * hosted by the CAF of the département of the préfecture de région; the CAF de la Guadeloupe also
 * serves Saint-Barthélemy and Saint-Martin. The real network's choices replace it through the UI.
 */
import { z } from 'zod';
import { DEPARTEMENTS, REGIONS, departementOfCommune, findDepartement } from './geography.ts';
import { officeIdForDepartement } from './offices.ts';

export interface Office {
  id: string;
  name: string;
  /** Target handling time, in working days. */
  targetWorkingDays: number;
}

export const DEFAULT_TARGET_WORKING_DAYS = 10;

export { officeIdForDepartement } from './offices.ts';

/** The form of an office id (`caf-69`), as requests name one. */
export const officeIdSchema = z
  .string({ error: 'Choisissez une CAF.' })
  .regex(/^[a-z0-9-]{2,40}$/, 'Choisissez une CAF.');

/** The seed offices: one per région. */
export function defaultOffices(): Office[] {
  return REGIONS.map((region) => {
    const host = findDepartement(departementOfCommune(region.chefLieu));
    if (!host) throw new Error(`Région ${region.code} sans département hôte`);
    return {
      id: officeIdForDepartement(host.code),
      name: `CAF ${host.nameWithDe} (pivot ${region.name})`,
      targetWorkingDays: DEFAULT_TARGET_WORKING_DAYS,
    };
  });
}

/** The seed routing table: every served département to the pivot office of its région. */
export function defaultRouting(): Map<string, string> {
  const officeByRegion = new Map(
    REGIONS.map((region) => [region.code, officeIdForDepartement(departementOfCommune(region.chefLieu))]),
  );
  const guadeloupe = officeByRegion.get('01');
  const routing = new Map<string, string>();
  for (const departement of DEPARTEMENTS) {
    const office = officeByRegion.get(departement.regionCode) ?? guadeloupe;
    if (!office) throw new Error(`Aucun office pour le département ${departement.code}`);
    routing.set(departement.code, office);
  }
  return routing;
}

/** Every served département must have an office: returns the ones missing from `routing`. */
export function unroutedDepartements(routing: ReadonlyMap<string, string>): string[] {
  return DEPARTEMENTS.filter((d) => !routing.has(d.code)).map((d) => d.code);
}

/** Bounds of an office's target handling time, in working days. */
export const TARGET_WORKING_DAYS_RANGE = { min: 1, max: 60 } as const;

export const ROUTING_RULES = {
  not_supervisor: 'Seul un superviseur peut modifier le routage.',
  office_not_overseen:
    'Vous ne supervisez pas cette CAF : seul un superviseur qui la supervise peut la modifier.',
  routing_unchanged: 'Ce département est déjà routé vers cette CAF.',
} as const;
export type RoutingRuleCode = keyof typeof ROUTING_RULES;

/**
 * A supervisor sends a département's new cases to another office: she must oversee both the office
 * that loses them and the one that gets them. Open cases stay where they are (reassignment moves them).
 */
export function routingChangeViolation(
  actor: { role: string; officeIds: readonly string[] },
  fromOfficeId: string | null,
  toOfficeId: string,
): RoutingRuleCode | null {
  if (actor.role !== 'supervisor') return 'not_supervisor';
  if (!actor.officeIds.includes(toOfficeId)) return 'office_not_overseen';
  if (fromOfficeId && !actor.officeIds.includes(fromOfficeId)) return 'office_not_overseen';
  return fromOfficeId === toOfficeId ? 'routing_unchanged' : null;
}

/** A supervisor of the office sets its target handling time. */
export function targetChangeViolation(
  actor: { role: string; officeIds: readonly string[] },
  officeId: string,
): RoutingRuleCode | null {
  if (actor.role !== 'supervisor') return 'not_supervisor';
  return actor.officeIds.includes(officeId) ? null : 'office_not_overseen';
}
