/**
 * Reference data from Etalab's official split (départements, communes with postal codes and
 * former codes) and the seed of offices and routing, which supervisors then edit.
 */
import type { Knex } from 'knex';
import communesData from '@etalab/decoupage-administratif/data/communes.json' with { type: 'json' };
import { DEPARTEMENTS, placeSearchKey } from '../domain/geography.ts';
import { defaultOffices, defaultRouting } from '../domain/routing.ts';

interface EtalabCommune {
  code: string;
  nom: string;
  type: string;
  departement?: string;
  chefLieu?: string;
  commune?: string;
  codesPostaux?: string[];
  anciensCodes?: string[];
  population?: number;
}

export async function up(db: Knex): Promise<void> {
  await db('departements').insert(
    DEPARTEMENTS.map((d) => ({ code: d.code, name: d.name, region_code: d.regionCode })),
  );
  await db('offices').insert(
    defaultOffices().map((o) => ({ id: o.id, name: o.name, target_working_days: o.targetWorkingDays })),
  );
  await db('routing').insert(
    [...defaultRouting()].map(([departement, office]) => ({
      departement_code: departement,
      office_id: office,
    })),
  );

  const communes = communesData as EtalabCommune[];
  const current = new Map(communes.filter((c) => c.type === 'commune-actuelle').map((c) => [c.code, c]));
  const rows = new Map<string, Record<string, unknown>>();
  for (const commune of communes) {
    // Former (délégué, associé) communes share their code space with current ones; the current one wins.
    if (rows.has(commune.code) && commune.type !== 'commune-actuelle') continue;
    const parent = commune.chefLieu
      ? current.get(commune.chefLieu)
      : commune.commune
        ? current.get(commune.commune)
        : undefined;
    const departement = commune.departement ?? parent?.departement;
    if (!departement) continue;
    rows.set(commune.code, {
      code: commune.code,
      name: commune.nom,
      departement,
      postal_codes: commune.codesPostaux ?? parent?.codesPostaux ?? [],
      former_codes: commune.anciensCodes ?? [],
      population: commune.population ?? 0,
      search_name: placeSearchKey(commune.nom),
    });
  }
  await db.batchInsert('communes', [...rows.values()], 2000);
}

export async function down(db: Knex): Promise<void> {
  await db.raw('truncate communes, routing, offices, departements cascade');
}
