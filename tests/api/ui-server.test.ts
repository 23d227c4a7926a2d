/**
 * The UI server's guards of what it sends on: where a browser lands after signing in (never off
 * site), and the API paths it builds (values encoded, nothing the URL parser would rewrite).
 */
import { describe, expect, it } from 'vitest';
import { apiPath, resolveApiPath } from '../../ui/src/lib/server/api-path.ts';
import { safeRedirect } from '../../ui/src/lib/server/session.ts';

const ORIGIN = 'https://registre-assmat.fr';

describe('the redirect after signing in', () => {
  it('keeps her on the site, whatever a browser would make of the target', () => {
    const offSite = [
      '//evil.example',
      '/\\evil.example',
      '/%09/evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      '\\/evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      ' /evil',
    ];
    for (const raw of offSite) {
      // As the query string hands it over (decoded), and as typed.
      for (const target of [raw, decodeURIComponent(raw.replace(/%(?![0-9a-f]{2})/gi, '%25'))]) {
        const landing = safeRedirect(target, '/mon-dossier', ORIGIN);
        expect(new URL(landing, ORIGIN).origin, JSON.stringify(target)).toBe(ORIGIN);
      }
    }
    expect(safeRedirect('/\\evil.example', '/mon-dossier', ORIGIN)).toBe('/mon-dossier');
    expect(safeRedirect('/\t/evil.example', '/mon-dossier', ORIGIN)).toBe('/mon-dossier');
  });

  it('keeps a page of the site, with its query and fragment', () => {
    expect(safeRedirect('/moderation/dossiers/12?onglet=faits#notes', '/', ORIGIN)).toBe(
      '/moderation/dossiers/12?onglet=faits#notes',
    );
    expect(safeRedirect(null, '/mon-dossier', ORIGIN)).toBe('/mon-dossier');
  });
});

describe('the paths sent to the API', () => {
  it('encodes each value as one segment', () => {
    const id = '../staff/accounts';
    expect(apiPath`/api/registrations/${id}/submit`).toBe('/api/registrations/..%2Fstaff%2Faccounts/submit');
    expect(apiPath`/api/geo/communes?q=${"l'Isle & co"}&limit=${12}`).toBe(
      "/api/geo/communes?q=l'Isle%20%26%20co&limit=12",
    );
  });

  it('refuses what the URL parser would rewrite, so that a path reaches the API as written', () => {
    const base = 'http://127.0.0.1:3001';
    expect(resolveApiPath('/api/registrations/abc', base)).toBe(`${base}/api/registrations/abc`);
    expect(resolveApiPath("/api/geo/communes?q=l'Isle", base)).toBe(`${base}/api/geo/communes?q=l%27Isle`);
    for (const path of [
      apiPath`/api/registrations/${'..'}/x`,
      '/api/registrations/%2e%2e/x',
      '/api/registrations\\..\\x',
      '/api/a b',
      '//evil.example/api/x',
      '/api/x#y',
      '/autre',
    ])
      expect(resolveApiPath(path, base), path).toBeNull();
  });
});
