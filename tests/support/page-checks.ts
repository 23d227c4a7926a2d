/**
 * What every page the browser tests visit goes through, at a phone's width and at a desktop's: a
 * full-page capture kept for people to look at, the layout checks (no sideways scroll, nothing over
 * the footer, the header's controls reachable, no text cut, targets of 24 px), a text check (no raw
 * code, no ISO date) and axe-core. Each result is also written down, so that the accessibility
 * statement's figures come from these checks (tests/support/page-checks-report.ts).
 */
import { appendFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { CAPTURES, routeOf, type PageCheckRecord } from './page-routes.ts';

export { routeOf, UI_ROUTES } from './page-routes.ts';

const checksSource = readFileSync(new URL('./page-checks.browser.js', import.meta.url), 'utf8');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The two sizes every page is checked at: a common phone, and a laptop. */
export const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 1280, height: 900 },
] as const;

/** axe-core's WCAG 2.1 A/AA rules: the level the RGAA asks for. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// ——— The text check ———

/** A code as programs write it (`in_moderation`), not inside an address or a link. */
const SNAKE_CASE = /(?<![\w@./:-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w@/-])/g;
const ISO_DATE = /\b\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?\b/g;

/** Raw codes and ISO dates a person would read on the page. */
export function textDefects(text: string): string[] {
  const near = (index: number) => text.slice(Math.max(0, index - 30), index + 40).replace(/\s+/g, ' ');
  const defects: string[] = [];
  for (const match of text.matchAll(SNAKE_CASE))
    defects.push(`code brut « ${match[0]} » dans « …${near(match.index)}… »`);
  for (const match of text.matchAll(ISO_DATE))
    defects.push(`date ISO « ${match[0]} » dans « …${near(match.index)}… »`);
  return [...new Set(defects)].slice(0, 5);
}

// ——— Running the checks ———

interface HeaderControls {
  controls: Array<{ name: string; visible: boolean }>;
  menuButtons: Array<{ id: string; controls: string; name: string }>;
}

const inPage = <T>(page: Page, name: 'layout' | 'headerControls' | 'readableText') =>
  page.evaluate(
    (fn) => (globalThis as unknown as Record<string, Record<string, () => unknown>>).__pageChecks![fn]!(),
    name,
  ) as Promise<T>;

/** Header controls hidden at this width must appear when a visible menu button opens its menu. */
async function unreachableHeaderControls(page: Page): Promise<string[]> {
  const before = await inPage<HeaderControls>(page, 'headerControls');
  const reachable = new Set(before.controls.filter((c) => c.visible).map((c) => c.name));
  const hidden = () => [...new Set(before.controls.map((c) => c.name))].filter((n) => !reachable.has(n));
  for (const button of before.menuButtons) {
    if (!hidden().length) break;
    const menu = page.locator(`[id="${button.controls}"]`);
    await page.locator(`header button[aria-controls="${button.controls}"]`).first().click();
    try {
      await menu.waitFor({ state: 'visible', timeout: 3_000 });
    } catch {
      return [`le bouton « ${button.name} » n’ouvre pas son menu (#${button.controls})`];
    }
    const opened = await inPage<HeaderControls>(page, 'headerControls');
    for (const control of opened.controls) if (control.visible) reachable.add(control.name);
    await page.keyboard.press('Escape');
    try {
      await menu.waitFor({ state: 'hidden', timeout: 3_000 });
    } catch {
      return [`le menu #${button.controls} ne se ferme pas avec la touche Échap`];
    }
  }
  return hidden().map((name) => `« ${name || 'sans nom'} » n’est ni visible ni dans un menu ouvrable`);
}

async function axeResults(page: Page): Promise<PageCheckRecord['axe'] & { lines: string[] }> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async (tags) => {
    // Runs in the page: the root tsconfig has no DOM types, hence the casts.
    type Rule = { id: string; help: string; tags: string[]; nodes: Array<{ target: string[] }> };
    const page = globalThis as unknown as {
      document: unknown;
      axe: {
        run: (
          context: unknown,
          options: unknown,
        ) => Promise<{ violations: Rule[]; passes: Rule[]; inapplicable: Rule[] }>;
      };
    };
    const result = await page.axe.run(page.document, { runOnly: { type: 'tag', values: tags } });
    const brief = (rule: Rule) => ({ id: rule.id, tags: rule.tags });
    return {
      passes: result.passes.map(brief),
      violations: result.violations.map(brief),
      inapplicable: result.inapplicable.map((rule) => rule.id),
      lines: result.violations.map(
        (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
      ),
    };
  }, AXE_TAGS);
}

/** axe-core's WCAG 2.1 A/AA violations on the current page, one line each. */
export async function axeViolations(page: Page): Promise<string[]> {
  return (await axeResults(page)).lines;
}

const cleared = new Set<string>();
let sequence = 0;

/** This test file's captures folder, emptied the first time this run uses it. */
function capturesOf(testPath: string | undefined): string {
  const folder = path.join(CAPTURES, path.basename(testPath ?? 'inconnu', '.test.ts'));
  if (!cleared.has(folder)) {
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    cleared.add(folder);
  }
  return folder;
}

/** Waits until the page is drawn in its final state: fonts loaded, transitions ended, two frames painted. */
async function settled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const g = globalThis as unknown as {
      document: {
        fonts: { ready: Promise<unknown> };
        getAnimations(): Array<{ finish(): void; effect: { getTiming(): { iterations: number } } | null }>;
      };
      requestAnimationFrame: (callback: () => void) => void;
    };
    await g.document.fonts.ready;
    // A resize starts the DSFR's transitions: check what they end on, not a frame in between.
    for (const animation of g.document.getAnimations())
      if (animation.effect?.getTiming().iterations !== Infinity) animation.finish();
    await new Promise<void>((resolve) => g.requestAnimationFrame(() => g.requestAnimationFrame(resolve)));
  });
}

/**
 * The defects of the current page at both widths, each naming the page, the width and the element;
 * the page is captured and the results written down unless `record` is false (the checks' own tests).
 * The viewport is put back as it was.
 */
export async function pageDefects(page: Page, { record = true } = {}): Promise<string[]> {
  const folder = record ? capturesOf(expect.getState().testPath) : null;
  const url = new URL(page.url());
  const route = routeOf(url.pathname);
  const original = page.viewportSize();
  const failures: string[] = [];
  sequence += 1;
  try {
    for (const viewport of VIEWPORTS) {
      await page.setViewportSize(viewport);
      // The pointer rests off the page's controls: a hover state is not what the page looks like.
      await page.mouse.move(viewport.width - 1, viewport.height - 1);
      await settled(page);
      if (folder) {
        const slug = route.replace(/[[\]]/g, '').replace(/\W+/g, '-').replace(/^-|-$/g, '') || 'accueil';
        await page.screenshot({
          path: path.join(folder, `${String(sequence).padStart(3, '0')}-${slug}-${viewport.width}.png`),
          fullPage: true,
          animations: 'disabled',
          caret: 'hide',
        });
      }
      if (!(await page.evaluate(() => '__pageChecks' in globalThis)))
        await page.addScriptTag({ content: checksSource });
      const defects = [
        ...(await inPage<string[]>(page, 'layout')),
        ...(viewport.width < 600 ? await unreachableHeaderControls(page) : []).map((d) => `en-tête : ${d}`),
        ...textDefects(await inPage<string>(page, 'readableText')).map((d) => `texte : ${d}`),
      ];
      const axe = await axeResults(page);
      defects.push(...axe.lines.map((line) => `axe : ${line}`));
      if (folder) {
        const entry: PageCheckRecord = {
          route,
          width: viewport.width,
          failures: defects,
          axe: { passes: axe.passes, violations: axe.violations, inapplicable: axe.inapplicable },
        };
        appendFileSync(path.join(folder, 'checks.jsonl'), `${JSON.stringify(entry)}\n`);
      }
      failures.push(...defects.map((d) => `${url.pathname}${url.search} à ${viewport.width} px — ${d}`));
    }
  } finally {
    if (original) await page.setViewportSize(original);
  }
  return failures;
}

/** Fails the test with every defect of the current page (see `pageDefects`). */
export async function expectGoodPage(page: Page): Promise<void> {
  const failures = await pageDefects(page);
  expect(failures, `contrôles de la page ${new URL(page.url()).pathname}`).toEqual([]);
}
