/**
 * An office's id and the département of the CAF that hosts it, both ways: light enough for workflow
 * code, which needs the département for the office's working days (Alsace-Moselle's holidays).
 */

/** Office id for the CAF of a département: `caf-69`. */
export function officeIdForDepartement(departementCode: string): string {
  return `caf-${departementCode.toLowerCase()}`;
}

/** The département whose CAF hosts an office (`caf-67` → `67`, `caf-2a` → `2A`); null for another id. */
export function officeDepartement(officeId: string | null): string | null {
  const code = officeId ? /^caf-(\d{2,3}|2[ab])$/i.exec(officeId)?.[1] : undefined;
  return code ? code.toUpperCase() : null;
}
