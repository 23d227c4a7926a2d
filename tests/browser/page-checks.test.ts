/**
 * The page checks themselves, on small pages broken on purpose: each check must catch its defect and
 * name the element, and leave a sound page alone. Chromium only, no stack.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchBrowser, newPage } from '../support/browser.ts';
import { pageDefects, routeOf, textDefects, UI_ROUTES } from '../support/page-checks.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

/** A page built as SvelteKit builds ours (in a `display: contents` wrapper), checked at both widths. */
async function defectsOf(main: string, header = '<a href="/">Accueil</a>'): Promise<string[]> {
  const page: Page = await newPage(browser);
  await page.setContent(
    `<html lang="fr"><head><title>Essai</title></head><body style="margin:0;font:16px/1.5 sans-serif">
      <div style="display: contents"><header>${header}</header><main>${main}</main><footer style="padding:24px">Pied de page</footer></div>
    </body></html>`,
  );
  const defects = await pageDefects(page, { record: false });
  await page.context().close();
  return defects;
}

describe('the checks run on every page', () => {
  it('leave a sound page alone', async () => {
    expect(
      await defectsOf('<h1>Bonjour</h1><p>Un texte et <a href="/x">un lien</a> dans la phrase.</p>'),
    ).toEqual([]);
  });

  it('catch a page that scrolls sideways, naming the element', async () => {
    const defects = await defectsOf('<h1>Titre</h1><div id="large" style="width:2000px">Très large</div>');
    expect(defects.join('\n')).toMatch(/à 390 px — défilement horizontal.*<div#large>/);
    expect(defects.join('\n')).toMatch(/à 1280 px — défilement horizontal/);
  });

  it('catch content drawn over the footer', async () => {
    const defects = await defectsOf(
      '<h1>Titre</h1><div style="height:40px"><p id="deborde" style="position:relative;top:120px">Historique</p></div>',
    );
    expect(defects.join('\n')).toMatch(/chevauchement du pied de page : <p#deborde> « Historique »/);
  });

  it('catch a header link lost on a phone, and accept one behind a menu button', async () => {
    const hidden = await defectsOf(
      '<h1>Titre</h1>',
      '<style>@media (max-width: 600px) { .outils { display: none } }</style><a class="outils" href="/deconnexion">Se déconnecter</a>',
    );
    expect(hidden.join('\n')).toMatch(/à 390 px — en-tête : « Se déconnecter » n’est ni visible/);
    expect(hidden.join('\n')).not.toMatch(/1280 px — en-tête/);

    const inMenu = await defectsOf(
      '<h1>Titre</h1>',
      `<style>@media (max-width: 600px) { .outils { display: none } } @media (min-width: 601px) { #ouvrir { display: none } }</style>
       <a class="outils" href="/deconnexion">Se déconnecter</a>
       <button id="ouvrir" aria-controls="menu" style="padding:8px" onclick="document.getElementById('menu').hidden = false">Menu</button>
       <div id="menu" hidden><a href="/deconnexion" style="display:inline-block;padding:8px">Se déconnecter</a></div>
       <script>addEventListener('keydown', (e) => { if (e.key === 'Escape') document.getElementById('menu').hidden = true; });</script>`,
    );
    expect(inMenu).toEqual([]);
  });

  it('catch text cut by a box that hides its overflow', async () => {
    const defects = await defectsOf(
      '<h1>Titre</h1><div id="etroit" style="width:60px;overflow:hidden;white-space:nowrap">Correction demandée par la CAF</div>',
    );
    expect(defects.join('\n')).toMatch(
      /texte coupé : texte coupé « Correction demandée par la CAF » par <div#etroit>/,
    );
  });

  it('catch targets under 24 px that crowd each other, not a link inside a sentence', async () => {
    const defects = await defectsOf(
      `<h1>Titre</h1><p>Lire <a href="/a">la suite</a> du texte.</p>
       <div><button id="moins" style="width:16px;height:16px;padding:0">-</button><button id="plus" style="width:16px;height:16px;padding:0">+</button></div>`,
    );
    expect(defects.join('\n')).toMatch(
      /taille de cible : cible de 16 × 16 px trop petite .*<button#(moins|plus)>/,
    );
    expect(defects.join('\n')).not.toMatch(/la suite/);
  });

  it('catch raw codes and ISO dates in what a person reads', async () => {
    const defects = await defectsOf(
      '<h1>Titre</h1><p>Statut : in_moderation</p><p title="au 2027-09-14">Échéance</p>',
    );
    expect(defects.join('\n')).toMatch(/texte : code brut « in_moderation »/);
    expect(defects.join('\n')).toMatch(/texte : date ISO « 2027-09-14 »/);
    expect(textDefects('Écrivez à jeanne_martin@exemple.fr, dossier du 14 septembre 2027')).toEqual([]);
  });

  it('run axe-core, which does catch violations', async () => {
    const page = await newPage(browser);
    await page.setContent('<html lang="fr"><body><main><img src="x.png"><input id="a"></main></body></html>');
    expect((await axeViolations(page)).map((v) => v.split(':')[0])).toEqual(
      expect.arrayContaining(['image-alt', 'label']),
    );
    await page.context().close();
  });

  it('know every page of the interface, a static route before a parameter', () => {
    expect(UI_ROUTES).toContain('/moderation/dossiers/[id]');
    expect(routeOf('/supervision/reaffectations/nouvelle')).toBe('/supervision/reaffectations/nouvelle');
    expect(routeOf(`/supervision/reaffectations/${crypto.randomUUID()}`)).toBe(
      '/supervision/reaffectations/[id]',
    );
    expect(routeOf('/')).toBe('/');
  });
});
