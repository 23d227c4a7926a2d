/**
 * Synthetic people known to the SNGI simulator: a few named ones for the demo and the tests, and a
 * deterministic crowd. Every NIR is well-formed with a correct key; none belongs to a real person.
 */
import { nirKey } from '../domain/nir.ts';

export interface SngiPerson {
  nir: string;
  birthName: string;
  firstNames: string[];
  sex: 'F' | 'M';
  /** YYYY-MM-DD, 00 for unknown parts. */
  birthDate: string;
  birthPlaceCode: string;
}

/** Builds a NIR from its parts and appends the key. */
export function makeNir(sex: 'F' | 'M', birthDate: string, placeCode: string, order: number): string {
  const [year, month] = birthDate.split('-') as [string, string];
  const month2 = month === '00' ? '20' : month;
  const body = `${sex === 'F' ? 2 : 1}${year.slice(2)}${month2}${placeCode}${String(order).padStart(3, '0')}`;
  return body + String(nirKey(body)).padStart(2, '0');
}

function person(
  birthName: string,
  firstNames: string[],
  sex: 'F' | 'M',
  birthDate: string,
  place: string,
  order: number,
): SngiPerson {
  return {
    nir: makeNir(sex, birthDate, place, order),
    birthName,
    firstNames,
    sex,
    birthDate,
    birthPlaceCode: place,
  };
}

/** Named people, used by the demo accounts and the tests. */
export const NAMED_PEOPLE = {
  /** The demo childminder: born in Lyon 3e arrondissement. */
  camille: person('DUPONT', ['Camille', 'Marie'], 'F', '1985-03-14', '69383', 112),
  /** Born in Ajaccio (Corse-du-Sud, 2A). */
  lucia: person('ROSSI', ['Lucia'], 'F', '1990-07-02', '2A004', 41),
  /** Born abroad (Portugal, 99139). */
  ana: person('FERREIRA', ['Ana', 'Sofia'], 'F', '1979-11-23', '99139', 7),
  /** Two people sharing name and birth date: a query without the right NIR is ambiguous. */
  twinA: person('MARTIN', ['Julie'], 'F', '1988-01-05', '75112', 201),
  twinB: person('MARTIN', ['Julie'], 'F', '1988-01-05', '13205', 202),
} satisfies Record<string, SngiPerson>;

const BIRTH_NAMES = [
  'BERNARD',
  'THOMAS',
  'PETIT',
  'ROBERT',
  'RICHARD',
  'DURAND',
  'LEROY',
  'MOREAU',
  'SIMON',
  'LAURENT',
];
const FIRST_NAMES = [
  'Nathalie',
  'Sandrine',
  'Isabelle',
  'Sophie',
  'Aurélie',
  'Céline',
  'Émilie',
  'Fatima',
  'Nadia',
  'Sylvie',
];
const PLACES = ['75056', '69123', '13055', '31555', '33063', '59350', '67482', '44109', '35238', '97411'];

/** A deterministic crowd of `count` people. */
export function syntheticCrowd(count: number): SngiPerson[] {
  return Array.from({ length: count }, (_, i) => {
    const year = 1960 + (i % 40);
    const month = String((i % 12) + 1).padStart(2, '0');
    const day = String((i % 28) + 1).padStart(2, '0');
    return person(
      BIRTH_NAMES[i % BIRTH_NAMES.length]!,
      [FIRST_NAMES[(i * 7) % FIRST_NAMES.length]!],
      'F',
      `${year}-${month}-${day}`,
      PLACES[i % PLACES.length]!,
      300 + (i % 600),
    );
  });
}
