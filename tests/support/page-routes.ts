/**
 * Where the page checks keep what they saw: the captures folder, one `checks.jsonl` per test file,
 * and the UI's routes, to name each visited page by the file that serves it. No test runner here:
 * scripts/test.ts reads it too.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Git-ignored; printed by `npm test` at the end. */
export const CAPTURES = new URL('../../test-captures/', import.meta.url).pathname;
const ROUTES = new URL('../../ui/src/routes/', import.meta.url).pathname;

export interface AxeRuleResult {
  id: string;
  tags: string[];
}

/** One page checked at one width, as written to `checks.jsonl` beside the captures. */
export interface PageCheckRecord {
  route: string;
  width: number;
  failures: string[];
  axe: { passes: AxeRuleResult[]; violations: AxeRuleResult[]; inapplicable: string[] };
}

// ——— Routes: a URL back to the page file that serves it ———

function routeFiles(dir: string, prefix = ''): string[] {
  const routes: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      const segment = /^\(.*\)$/.test(name) ? '' : `/${name}`;
      routes.push(...routeFiles(full, prefix + segment));
    } else if (name === '+page.svelte') routes.push(prefix || '/');
  }
  return routes;
}

/** Every page of the UI, as SvelteKit names it (`/moderation/dossiers/[id]`). */
export const UI_ROUTES: string[] = routeFiles(ROUTES).sort();

const matchers = UI_ROUTES.map((route) => ({
  route,
  params: (route.match(/\[/g) ?? []).length,
  pattern: new RegExp(`^${route.replace(/\[[^\]]+\]/g, '[^/]+')}/?$`),
})).sort((a, b) => a.params - b.params);

/** The route a path belongs to (a static route wins over a parameter); the path itself when none. */
export function routeOf(pathname: string): string {
  return matchers.find((m) => m.pattern.test(pathname))?.route ?? pathname;
}
