/** Paths the UI server sends to the API: interpolated values encoded, and nothing the URL parser rewrites. */

/**
 * An API path with each interpolated value encoded as one segment (or query value):
 * apiPath`/api/staff/cases/${id}/notes`. A value cannot add a segment, a query or a fragment.
 */
export function apiPath(strings: TemplateStringsArray, ...values: Array<string | number>): string {
  return strings.reduce(
    (path, text, i) => path + text + (i < values.length ? encodeURIComponent(String(values[i])) : ''),
    '',
  );
}

/**
 * The API's URL for a path, or null when the URL parser would read it otherwise (`..` segments,
 * encoded ones included, backslashes, raw spaces or tabs): a path reaches the API exactly as written.
 */
export function resolveApiPath(path: string, base: string): string | null {
  let url: URL;
  try {
    url = new URL(path, base);
  } catch {
    return null;
  }
  if (!path.startsWith('/api/') || path.includes('#') || url.origin !== new URL(base).origin) return null;
  // The query may be re-encoded harmlessly (`'` becomes %27); the path must stay as written.
  return url.pathname === path.split('?')[0] ? url.href : null;
}
