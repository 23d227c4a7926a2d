/**
 * The number a case is known by on staff pages and in their talk ("le dossier 3F2A-91BC-07D4"):
 * the first twelve hex digits of its id, grouped by four. Twelve digits keep two cases apart among
 * millions (48 bits); it is derived, never stored, so every case has one from the start.
 */
export function caseNumber(registrationId: string): string {
  const digits = registrationId.replace(/-/g, '').slice(0, 12).toUpperCase();
  return digits.match(/.{1,4}/g)?.join('-') ?? digits;
}
