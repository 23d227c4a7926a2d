/**
 * Départements and régions of France, from the official split published by Etalab
 * (@etalab/decoupage-administratif). Communes are too large for the browser: they are loaded
 * into PostgreSQL by a migration and searched through the API.
 */
import { z } from 'zod';
import departementsData from '@etalab/decoupage-administratif/data/departements.json' with { type: 'json' };
import regionsData from '@etalab/decoupage-administratif/data/regions.json' with { type: 'json' };

export interface Departement {
  code: string;
  name: string;
  regionCode: string;
  /** "du Rhône", "de la Gironde", "de l’Ain": the name with its INSEE article (TNCC). */
  nameWithDe: string;
}

export interface Region {
  code: string;
  name: string;
  /** INSEE code of the préfecture de région. */
  chefLieu: string;
}

/**
 * Départements where a CAF serves childminders: metropolitan France and the five DROM, plus
 * Saint-Barthélemy and Saint-Martin (served by the CAF de la Guadeloupe).
 */
const SERVED_COLLECTIVITIES = new Set(['977', '978']);

/** The form of a département code (`69`, `2A`, `971`), as requests name one. */
export const departementCodeSchema = z
  .string({ error: 'Choisissez un département.' })
  .regex(/^(\d{2,3}|2[AB])$/, 'Département inconnu.');

export const DEPARTEMENTS: readonly Departement[] = departementsData
  .filter((d) => d.zone === 'metro' || d.zone === 'drom' || SERVED_COLLECTIVITIES.has(d.code))
  .map((d) => ({
    code: d.code,
    name: d.nom,
    regionCode: d.region,
    nameWithDe: withDe(d.nom, d.typeLiaison),
  }));

export const REGIONS: readonly Region[] = regionsData
  .filter((r) => r.zone !== 'com')
  .map((r) => ({ code: r.code, name: r.nom, chefLieu: r.chefLieu }));

/** INSEE "type de nom en clair": which article goes before the name after "de". */
function withDe(name: string, typeLiaison: number): string {
  const articles: Record<number, string> = {
    1: 'd’',
    2: 'du ',
    3: 'de la ',
    4: 'des ',
    5: 'de l’',
    6: 'des ',
  };
  return `${articles[typeLiaison] ?? 'de '}${name}`;
}

const departementsByCode = new Map(DEPARTEMENTS.map((d) => [d.code, d]));

export function findDepartement(code: string): Departement | undefined {
  return departementsByCode.get(code);
}

/** The département of an INSEE commune code (three characters overseas, two elsewhere). */
export function departementOfCommune(communeCode: string): string {
  return communeCode.startsWith('97') || communeCode.startsWith('98')
    ? communeCode.slice(0, 3)
    : communeCode.slice(0, 2);
}

/** A label like "69 – Rhône". */
export function departementLabel(code: string): string {
  const departement = findDepartement(code);
  return departement ? `${departement.code} – ${departement.name}` : code;
}

/** Accent-free, lower-case, single-spaced form of a place name, for prefix search ("st-etienne" → "st etienne"). */
export function placeSearchKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
