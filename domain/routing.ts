/**
 * Routing of cases to moderating offices ("CAF pivots"): a table département → office, kept in
 * PostgreSQL and editable by supervisors. This module gives the seed: one pivot office per région,
 * hosted by the CAF of the département of the préfecture de région; the CAF de la Guadeloupe also
 * serves Saint-Barthélemy and Saint-Martin. The real network's choices replace it through the UI.
 */
import { DEPARTEMENTS, REGIONS, departementOfCommune, findDepartement } from './geography.ts';

export interface Office {
  id: string;
  name: string;
  /** Target handling time, in working days. */
  targetWorkingDays: number;
}

export const DEFAULT_TARGET_WORKING_DAYS = 10;

/** Office id for the CAF of a département: `caf-69`. */
export function officeIdForDepartement(departementCode: string): string {
  return `caf-${departementCode.toLowerCase()}`;
}

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
