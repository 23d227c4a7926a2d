/** The NIR: its key (Corsica's 2A/2B included), its shape, and its consistency with what she declared. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkNir,
  isValidNir,
  nirExample,
  nirKey,
  normalizeNir,
  parseNir,
  type DeclaredBirth,
} from '../../domain/nir.ts';
import { makeNir } from '../../stack/sngi-people.ts';

const camille: DeclaredBirth = {
  sex: 'F',
  birthYear: 1985,
  birthMonth: 3,
  birthPlace: { kind: 'france', communeCodes: ['69383'] },
};
const camilleNir = makeNir('F', '1985-03-14', '69383', 112);

describe('the NIR key', () => {
  it('is right in the example shown beside the field, which matches the birth it describes', () => {
    expect(nirExample()).toMatch(/^2 92 11 75 105 042 \d{2}$/);
    expect(isValidNir(nirExample())).toBe(true);
    const declared: DeclaredBirth = {
      sex: 'F',
      birthYear: 1992,
      birthMonth: 11,
      birthPlace: { kind: 'france', communeCodes: ['75105'] },
    };
    expect(checkNir(nirExample(), declared).filter((issue) => issue.severity === 'error')).toEqual([]);
  });

  it('is 97 minus the first 13 digits modulo 97', () => {
    expect(nirKey('2850369383112')).toBe(97 - Number(2850369383112n % 97n));
    expect(isValidNir(camilleNir)).toBe(true);
  });

  it('reads 2A as 19 and 2B as 18 for Corsica', () => {
    expect(nirKey('290072A004041')).toBe(97 - Number(2900719004041n % 97n));
    expect(nirKey('175022B033123')).toBe(97 - Number(1750218033123n % 97n));
    const key = String(nirKey('290072A004041')).padStart(2, '0');
    expect(isValidNir(`290072A004041${key}`)).toBe(true);
  });

  it('accepts every well-formed NIR with its computed key, and refuses any other key (property)', () => {
    const body = fc
      .tuple(
        fc.constantFrom('1', '2'),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom('75', '69', '2A', '2B', '13', '99', '974'),
        fc.integer({ min: 1, max: 999 }),
        fc.integer({ min: 1, max: 999 }),
      )
      .map(([sex, year, month, dep, commune, order]) => {
        const pad = (n: number, width: number) => String(n).padStart(width, '0');
        const place = dep.length === 3 ? `${dep}${pad(commune % 100, 2)}` : `${dep}${pad(commune, 3)}`;
        return `${sex}${pad(year, 2)}${pad(month, 2)}${place}${pad(order, 3)}`;
      });
    fc.assert(
      fc.property(body, fc.integer({ min: 1, max: 96 }), (nir13, shift) => {
        const key = nirKey(nir13);
        expect(isValidNir(`${nir13}${String(key).padStart(2, '0')}`)).toBe(true);
        const wrong = ((key - 1 + shift) % 97) + 1;
        expect(isValidNir(`${nir13}${String(wrong).padStart(2, '0')}`)).toBe(false);
      }),
    );
  });

  it('detects any single mistyped digit (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 9 }), (position, delta) => {
        const digits = camilleNir.split('');
        digits[position] = String((Number(digits[position]) + delta) % 10);
        const typo = digits.join('');
        fc.pre(/^[1-478]/.test(typo) && parseNir(typo) !== null);
        expect(isValidNir(typo)).toBe(false);
      }),
    );
  });
});

describe('reading a NIR she typed', () => {
  it('ignores spaces, dots and lower-case Corsican letters', () => {
    expect(normalizeNir('2 85 03 69 383 112 ' + camilleNir.slice(13))).toBe(camilleNir);
    expect(normalizeNir('1 75 02 2b 033 123 45')).toBe('175022B03312345');
  });

  it('says what is wrong with its shape', () => {
    expect(checkNir('12345', camille).map((i) => i.code)).toEqual(['nir_format']);
  });
});

describe('consistency with her declaration', () => {
  it('finds nothing to say when everything matches', () => {
    expect(checkNir(camilleNir, camille)).toEqual([]);
  });

  it('explains a wrong key, sex, year or month as errors, in words she understands', () => {
    const issues = checkNir(camilleNir, { ...camille, sex: 'M', birthYear: 1986, birthMonth: 4 });
    expect(issues.map((i) => [i.code, i.severity])).toEqual([
      ['nir_sex', 'error'],
      ['nir_birth_year', 'error'],
      ['nir_birth_month', 'error'],
    ]);
    expect(issues[0]!.message).toContain('indique une femme');
    const typo = camilleNir.slice(0, 13) + String((Number(camilleNir.slice(13)) % 97) + 1).padStart(2, '0');
    expect(checkNir(typo, camille)[0]).toMatchObject({ code: 'nir_key', severity: 'error' });
  });

  it('accepts an unknown birth month (20 and above in the NIR)', () => {
    const unknownMonth = makeNir('F', '1985-00-00', '69383', 112);
    expect(checkNir(unknownMonth, { ...camille, birthMonth: null })).toEqual([]);
    expect(checkNir(unknownMonth, camille)).toEqual([]);
  });

  it('only warns about a commune that changed code since her birth, within the same département', () => {
    const issues = checkNir(camilleNir, {
      ...camille,
      birthPlace: { kind: 'france', communeCodes: ['69123'] },
    });
    expect(issues).toEqual([expect.objectContaining({ code: 'nir_birth_commune', severity: 'warning' })]);
  });

  it('accepts Corsica numbered 20 before 1976 for a commune now in 2A', () => {
    const before1976 = makeNir('F', '1970-05-01', '20004', 12);
    expect(
      checkNir(before1976, {
        sex: 'F',
        birthYear: 1970,
        birthMonth: 5,
        birthPlace: { kind: 'france', communeCodes: ['2A004'] },
      }),
    ).toEqual([]);
  });

  it('warns when the NIR says born abroad but she chose a French commune, and the reverse', () => {
    const abroad = makeNir('F', '1979-11-23', '99139', 7);
    expect(
      checkNir(abroad, {
        sex: 'F',
        birthYear: 1979,
        birthMonth: 11,
        birthPlace: { kind: 'abroad', countryCode: null },
      }),
    ).toEqual([]);
    expect(checkNir(abroad, { ...camille, birthYear: 1979, birthMonth: 11 })[0]?.code).toBe(
      'nir_birth_departement',
    );
    expect(
      checkNir(camilleNir, { ...camille, birthPlace: { kind: 'abroad', countryCode: null } })[0]?.code,
    ).toBe('nir_birth_departement');
  });
});
