/**
 * The RGAA (référentiel général d'amélioration de l'accessibilité, version 4.1.2) as the
 * accessibility statement needs it, and the shape of the figures the browser tests produce
 * (`results.json`, written by tests/support/page-checks-report.ts from every page they check).
 */

export const RGAA_VERSION = '4.1.2';

/** Criteria in RGAA 4.1.2. */
export const RGAA_CRITERIA = 106;

export const RGAA_THEMES: Record<string, string> = {
  '1': 'Images',
  '2': 'Cadres',
  '3': 'Couleurs',
  '4': 'Multimédia',
  '5': 'Tableaux',
  '6': 'Liens',
  '7': 'Scripts',
  '8': 'Éléments obligatoires',
  '9': 'Structuration de l’information',
  '10': 'Présentation de l’information',
  '11': 'Formulaires',
  '12': 'Navigation',
  '13': 'Consultation',
};

/** What the browser tests found, page by page and width by width, summed up. */
export interface AccessibilityResults {
  /** Pages checked (SvelteKit routes), each at every width. */
  pages: string[];
  widths: number[];
  /** Checks run: one page at one width (a page visited twice in different states counts twice). */
  checks: number;
  /** RGAA criteria tested by axe-core on at least one page: passed everywhere, or failed somewhere. */
  criteria: Array<{ id: string; status: 'respecté' | 'non respecté'; rules: string[] }>;
  /** axe-core rules run and found applicable somewhere; those failed somewhere. */
  axeRules: { applicable: number; failed: string[] };
  /** The project's own layout and text checks that failed (none when the tests are green). */
  layoutFailures: number;
  /** The version of axe-core that ran. */
  axeVersion: string;
}
