/** The GET parameters of the list, as the filter form sends them (empty ones dropped). */
export const FILTERS = ['commune', 'manquees', 'saisine', 'page'] as const;

export function filtersOf(url: URL): URLSearchParams {
  const kept = new URLSearchParams();
  for (const name of FILTERS) {
    const value = url.searchParams.get(name)?.trim();
    if (value) kept.set(name, value);
  }
  return kept;
}
