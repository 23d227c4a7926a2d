/**
 * The pages anyone can open, in a browser: the home page, sign-up, and the pages every State service
 * carries, linked from the DSFR footer (accessibility, legal notice, personal data, site map). The
 * site map lists every page of the interface, and each of its links leads somewhere.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFF_MAP, SITE_MAP } from '../../ui/src/lib/site-map.ts';
import {
  BROWSER_TEST_TIMEOUT,
  expectAccessible,
  expectVisible,
  newPage,
  startBrowserStack,
  type BrowserStack,
  type RunningUi,
} from '../support/browser.ts';
import { UI_ROUTES } from '../support/page-checks.ts';

let ui: RunningUi;
let browser: Browser;
let suite: BrowserStack;

beforeAll(async () => {
  suite = await startBrowserStack('browser-public-pages');
  ({ ui, browser } = suite);
});
afterAll(() => suite?.close());

describe('the public pages in a browser', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('lead from the home page to sign-up, with the menu on a phone', async () => {
    const page = await newPage(browser);
    await page.goto(ui.url);
    await expectAccessible(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('dialog').getByRole('link', { name: 'Créer un compte' }).click();
    await page.waitForURL(/\/inscription$/);
    expect(await page.getByRole('dialog').isVisible()).toBe(false);
    await page.setViewportSize({ width: 1280, height: 900 });
    await expectVisible(page.getByRole('heading', { name: 'Créer mon compte', level: 1 }));
    await expectAccessible(page);
    await page.context().close();
  });

  it('link from the footer of every page to the pages every State service carries', async () => {
    const page = await newPage(browser);
    await page.goto(ui.url);
    const footer = page.getByRole('contentinfo');
    for (const [link, heading] of [
      [/^Accessibilité : non conforme$/, 'Déclaration d’accessibilité'],
      [/^Mentions légales$/, 'Mentions légales'],
      [/^Données personnelles$/, 'Données personnelles'],
      [/^Plan du site$/, 'Plan du site'],
    ] as const) {
      await footer.getByRole('link', { name: link }).click();
      await expectVisible(page.getByRole('heading', { name: heading, level: 1 }));
      await expectAccessible(page);
    }
    await page.context().close();
  });

  it('state the accessibility figures of the tests and the known non-conformities', async () => {
    const page = await newPage(browser);
    await page.goto(`${ui.url}/accessibilite`);
    await expectVisible(page.getByRole('heading', { name: 'Non-conformités connues' }));
    await expectVisible(page.getByText(/est non conforme avec le référentiel général/));
    await expectVisible(page.getByText(/produits par les tests automatisés du service/));
    await page.goto(`${ui.url}/donnees-personnelles`);
    await expectVisible(page.getByRole('table', { name: 'Durées de conservation' }));
    await expectVisible(page.getByRole('heading', { name: 'Vos droits' }));
    await page.context().close();
  });

  it('list every page in the site map, and each of its links leads somewhere', async () => {
    const mapped = new Set(SITE_MAP.flatMap((section) => section.pages.map((p) => p.path)));
    expect(UI_ROUTES.filter((route) => !mapped.has(route) && !(route in OFF_MAP))).toEqual([]);
    expect([...mapped].filter((path) => !UI_ROUTES.includes(path))).toEqual([]);
    const page = await newPage(browser);
    for (const path of mapped) {
      const response = await page.goto(`${ui.url}${path}`);
      // Pages that need an account send to the sign-in page, saying why.
      expect(response?.status(), path).toBe(200);
    }
    await page.context().close();
  });
});
