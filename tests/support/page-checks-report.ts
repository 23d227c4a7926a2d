/**
 * After a full run: what the page checks saw, summed up for the accessibility statement, and the
 * pages no browser test visited. `npm test` (scripts/test.ts) fails when a page was never visited,
 * or when the figures the statement shows are not those of this run (it then writes the new ones).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { AccessibilityResults } from '../../ui/src/lib/accessibility/rgaa.ts';
import { CAPTURES, UI_ROUTES, type PageCheckRecord } from './page-routes.ts';

/** The figures the accessibility page shows, committed with the UI. */
export const RESULTS_FILE = new URL('../../ui/src/lib/accessibility/results.json', import.meta.url).pathname;

/** Every page check of the run, from each test file's `checks.jsonl`. */
export function readRecords(folder = CAPTURES): PageCheckRecord[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .map((name) => path.join(folder, name, 'checks.jsonl'))
    .filter((file) => existsSync(file))
    .flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as PageCheckRecord),
    );
}

const criterionOf = (tag: string) => /^RGAA-(\d+\.\d+)\.\d+$/.exec(tag)?.[1] ?? null;
const byNumber = (a: string, b: string) => a.localeCompare(b, 'fr', { numeric: true });

/** The run summed up: pages, widths, RGAA criteria as axe-core tested them, failures. */
export function summarize(records: PageCheckRecord[]): AccessibilityResults {
  const criteria = new Map<string, { failed: boolean; rules: Set<string> }>();
  const applicable = new Set<string>();
  const failedRules = new Set<string>();
  for (const record of records) {
    for (const [rules, failed] of [
      [record.axe.passes, false],
      [record.axe.violations, true],
    ] as const) {
      for (const rule of rules) {
        applicable.add(rule.id);
        if (failed) failedRules.add(rule.id);
        for (const id of rule.tags.map(criterionOf).filter((c): c is string => c !== null)) {
          const entry = criteria.get(id) ?? { failed: false, rules: new Set() };
          entry.failed ||= failed;
          entry.rules.add(rule.id);
          criteria.set(id, entry);
        }
      }
    }
  }
  return {
    pages: [...new Set(records.map((r) => r.route))].sort(),
    widths: [...new Set(records.map((r) => r.width))].sort((a, b) => a - b),
    checks: records.length,
    criteria: [...criteria.keys()].sort(byNumber).map((id) => ({
      id,
      status: criteria.get(id)!.failed ? 'non respecté' : 'respecté',
      rules: [...criteria.get(id)!.rules].sort(),
    })),
    axeRules: { applicable: applicable.size, failed: [...failedRules].sort() },
    layoutFailures: records.reduce(
      (sum, r) => sum + r.failures.filter((f) => !f.startsWith('axe : ')).length,
      0,
    ),
    axeVersion: (createRequire(import.meta.url)('axe-core/package.json') as { version: string }).version,
  };
}

/** Pages of the UI that no browser test showed. */
export function unvisitedPages(records: PageCheckRecord[]): string[] {
  const visited = new Set(records.map((r) => r.route));
  return UI_ROUTES.filter((route) => !visited.has(route));
}

/**
 * Compares this run's figures with the committed ones; writes them when they differ. Returns what
 * is wrong (empty when the statement already shows this run's figures and every page was visited).
 */
export function verifyPageChecks(): string[] {
  const records = readRecords();
  const problems: string[] = [];
  const unvisited = unvisitedPages(records);
  if (unvisited.length)
    problems.push(`pages qu’aucun test du navigateur ne visite : ${unvisited.join(', ')}`);
  const fresh = summarize(records);
  const committed = existsSync(RESULTS_FILE) ? readFileSync(RESULTS_FILE, 'utf8') : 'null';
  if (JSON.stringify(fresh) !== JSON.stringify(JSON.parse(committed))) {
    writeFileSync(RESULTS_FILE, `${JSON.stringify(fresh, null, 2)}\n`);
    problems.push(
      `les chiffres de la déclaration d’accessibilité ne sont pas ceux de ce passage : ${path.relative(process.cwd(), RESULTS_FILE)} est réécrit, relisez-le, committez-le et relancez npm test`,
    );
  }
  return problems;
}

/** The captures folder and how many images it holds, for the end of `npm test`. */
export function capturesSummary(): { folder: string; images: number } | null {
  if (!existsSync(CAPTURES)) return null;
  const images = readdirSync(CAPTURES, { recursive: true }).filter((name) => String(name).endsWith('.png'));
  return { folder: CAPTURES, images: images.length };
}
