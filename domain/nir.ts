/**
 * The NIR (numéro d'inscription au répertoire, "numéro de sécurité sociale"): 15 characters,
 * 13 of identity and a 2-digit key. See ../shared/DOMAIN.md for the layout.
 */

export type NirIssueCode =
  | 'nir_format'
  | 'nir_key'
  | 'nir_sex'
  | 'nir_birth_year'
  | 'nir_birth_month'
  | 'nir_birth_departement'
  | 'nir_birth_commune'
  | 'nir_birth_country';

/** `error` blocks the form; `warning` is shown to her and to the moderator but may be legitimate. */
export interface NirIssue {
  code: NirIssueCode;
  severity: 'error' | 'warning';
  message: string;
}

export type Sex = 'F' | 'M';

/** What the NIR is compared with: her declared identity. Day and month may be unknown. */
export interface DeclaredBirth {
  sex: Sex;
  birthYear: number;
  birthMonth: number | null;
  /**
   * Born in France: the INSEE code of the commune, and its former codes (communes merge, Corsica split in
   * 1976). Born abroad: the INSEE country code (99xxx) when known.
   */
  birthPlace: { kind: 'france'; communeCodes: string[] } | { kind: 'abroad'; countryCode: string | null };
}

const NIR_PATTERN = /^[1-478]\d{2}(0[1-9]|1[0-2]|[2-9]\d)(\d{2}|2A|2B)\d{6}\d{2}$/;

/** Removes spaces, dots and dashes, and uppercases the Corsican letters. */
export function normalizeNir(raw: string): string {
  return raw.replace(/[\s.-]/g, '').toUpperCase();
}

/** The 13 identity characters as a number: 2A reads as 19 and 2B as 18 for the key. */
function numericBody(body13: string): bigint {
  return BigInt(body13.replace('2A', '19').replace('2B', '18'));
}

/** Computes the key (97 − body mod 97) of the first 13 characters. */
export function nirKey(body13: string): number {
  return 97 - Number(numericBody(body13) % 97n);
}

/**
 * The example shown beside the NIR field: a woman born in November 1992 in Paris 5e, grouped as on
 * the carte Vitale, with the key computed here, so that copying its shape never teaches a wrong key.
 */
export const NIR_EXAMPLE_BODY = '2921175105042';
export function nirExample(body13: string = NIR_EXAMPLE_BODY): string {
  const key = String(nirKey(body13)).padStart(2, '0');
  const groups = [body13.slice(0, 1), body13.slice(1, 3), body13.slice(3, 5), body13.slice(5, 7)];
  return [...groups, body13.slice(7, 10), body13.slice(10, 13), key].join(' ');
}

/** True when the NIR has the right shape and its key matches. */
export function isValidNir(raw: string): boolean {
  const nir = normalizeNir(raw);
  return NIR_PATTERN.test(nir) && nirKey(nir.slice(0, 13)) === Number(nir.slice(13));
}

export interface NirParts {
  sexDigit: string;
  year: string;
  month: string;
  /** Positions 6–10: département and commune for France (97x + 2 digits overseas), or 99 + country. */
  place: string;
  order: string;
  key: string;
}

/** Splits a well-formed NIR into its parts (null when the shape is wrong). */
export function parseNir(raw: string): NirParts | null {
  const nir = normalizeNir(raw);
  if (!NIR_PATTERN.test(nir)) return null;
  return {
    sexDigit: nir.slice(0, 1),
    year: nir.slice(1, 3),
    month: nir.slice(3, 5),
    place: nir.slice(5, 10),
    order: nir.slice(10, 13),
    key: nir.slice(13, 15),
  };
}

const MALE_DIGITS = new Set(['1', '3', '7']);

function departementOf(place: string): string {
  return place.startsWith('97') || place.startsWith('98') ? place.slice(0, 3) : place.slice(0, 2);
}

/** Corsica was département 20 until 1976: a commune now in 2A/2B may appear as 20 in an older NIR. */
function sameDepartement(nirDepartement: string, communeCode: string): boolean {
  const declared = departementOf(communeCode);
  if (nirDepartement === declared) return true;
  return nirDepartement === '20' && (declared === '2A' || declared === '2B');
}

/** Checks the NIR on its own: 15 characters of the right form, and a key that matches. */
export function checkNirShape(raw: string): NirIssue[] {
  const parts = parseNir(raw);
  if (!parts) {
    return [
      {
        code: 'nir_format',
        severity: 'error',
        message:
          'Le numéro de sécurité sociale doit comporter 15 caractères : 13 chiffres (ou 2A/2B pour la Corse) puis la clé de 2 chiffres.',
      },
    ];
  }
  if (nirKey(normalizeNir(raw).slice(0, 13)) !== Number(parts.key)) {
    return [
      {
        code: 'nir_key',
        severity: 'error',
        message:
          'La clé (les 2 derniers chiffres) ne correspond pas au reste du numéro : un chiffre a probablement été mal recopié. Vérifiez sur votre carte Vitale.',
      },
    ];
  }
  return [];
}

/**
 * Compares the NIR with what she declared and says, in plain French, what does not match.
 * An empty list means the NIR is well-formed and consistent with her declaration.
 */
export function checkNir(raw: string, declared: DeclaredBirth): NirIssue[] {
  const parts = parseNir(raw);
  if (!parts) return checkNirShape(raw);
  return [...checkNirShape(raw), ...checkNirConsistency(parts, declared)];
}

function checkNirConsistency(parts: NirParts, declared: DeclaredBirth): NirIssue[] {
  const issues: NirIssue[] = [];
  const nirSex: Sex = MALE_DIGITS.has(parts.sexDigit) ? 'M' : 'F';
  if (nirSex !== declared.sex) {
    issues.push({
      code: 'nir_sex',
      severity: 'error',
      message: `Le premier chiffre du numéro (${parts.sexDigit}) indique ${nirSex === 'F' ? 'une femme' : 'un homme'}, alors que vous avez déclaré ${declared.sex === 'F' ? 'une femme' : 'un homme'}.`,
    });
  }
  if (Number(parts.year) !== declared.birthYear % 100) {
    issues.push({
      code: 'nir_birth_year',
      severity: 'error',
      message: `Les chiffres 2 et 3 du numéro (${parts.year}) devraient être les deux derniers chiffres de votre année de naissance (${String(declared.birthYear % 100).padStart(2, '0')}).`,
    });
  }
  const nirMonth = Number(parts.month);
  if (declared.birthMonth !== null && nirMonth <= 12 && nirMonth !== declared.birthMonth) {
    issues.push({
      code: 'nir_birth_month',
      severity: 'error',
      message: `Les chiffres 4 et 5 du numéro (${parts.month}) devraient être votre mois de naissance (${String(declared.birthMonth).padStart(2, '0')}).`,
    });
  }
  issues.push(...checkBirthPlace(parts.place, declared.birthPlace));
  return issues;
}

/** Issues that concern the NIR alone (its form or key), as opposed to its consistency with her identity. */
export const NIR_SHAPE_CODES: readonly NirIssueCode[] = ['nir_format', 'nir_key'];

function checkBirthPlace(place: string, declared: DeclaredBirth['birthPlace']): NirIssue[] {
  const nirDepartement = departementOf(place);
  if (declared.kind === 'abroad') {
    if (nirDepartement !== '99') {
      return [
        {
          code: 'nir_birth_departement',
          severity: 'warning',
          message: `Votre numéro indique une naissance en France (département ${nirDepartement}), alors que vous avez déclaré être née à l'étranger. Les personnes nées dans un département d'Algérie avant 1962 peuvent être dans ce cas.`,
        },
      ];
    }
    if (declared.countryCode && place.slice(2) !== declared.countryCode.slice(-3)) {
      return [
        {
          code: 'nir_birth_country',
          severity: 'warning',
          message: `Le code du pays de naissance dans votre numéro (${place.slice(2)}) ne correspond pas au pays déclaré. Vérifiez le pays choisi.`,
        },
      ];
    }
    return [];
  }
  if (nirDepartement === '99') {
    return [
      {
        code: 'nir_birth_departement',
        severity: 'warning',
        message:
          "Votre numéro indique une naissance à l'étranger, alors que vous avez déclaré une commune française.",
      },
    ];
  }
  const codes = declared.communeCodes;
  if (
    codes.some(
      (code) =>
        code === place || (place.startsWith('20') && /^2[AB]/.test(code) && code.slice(2) === place.slice(2)),
    )
  )
    return [];
  if (codes.some((code) => sameDepartement(nirDepartement, code))) {
    return [
      {
        code: 'nir_birth_commune',
        severity: 'warning',
        message:
          'Le code de la commune dans votre numéro ne correspond pas à la commune choisie. Si la commune a fusionné ou changé de nom depuis votre naissance, ce n’est pas une erreur.',
      },
    ];
  }
  return [
    {
      code: 'nir_birth_departement',
      severity: 'warning',
      message: `Votre numéro indique une naissance dans le département ${nirDepartement}, qui n’est pas celui de la commune choisie. Vérifiez la commune de naissance.`,
    },
  ];
}
