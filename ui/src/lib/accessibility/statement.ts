/**
 * The accessibility statement's figures, as the browser tests measured them (results.json is written
 * by `npm test`, never by hand), and the conformity they allow to claim under the RGAA's rules.
 */
import type { AccessibilityResults } from './rgaa.ts';
import { RGAA_CRITERIA } from './rgaa.ts';
import measured from './results.json';

export const results = measured as AccessibilityResults;

/**
 * The RGAA states a site "non conforme" until an audit of all its criteria says otherwise. Automated
 * checks test part of some criteria only: they can find failures, never prove conformity.
 */
export const conformity = {
  label: 'non conforme',
  audited: false,
  testedCriteria: results.criteria.length,
  failedCriteria: results.criteria.filter((c) => c.status === 'non respecté').length,
  totalCriteria: RGAA_CRITERIA,
} as const;
