/**
 * Browser tests: the built UI (ui/build, adapter-node) as a real process in front of the API under
 * test, driven by the system's Chromium through playwright-core; every page shown is checked and
 * captured (page-checks.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { waitFor } from '../../stack/wait.ts';
import { axeViolations, expectGoodPage } from './page-checks.ts';
import { sessionFor } from './moderation.ts';
import { freePort } from './ports.ts';
import { captureLog } from './personal-data-scan.ts';
import { setUpFile, type FileStack } from './stack.ts';

const UI_BUILD = new URL('../../ui/build/handler.js', import.meta.url).pathname;
const UI_ENTRY = new URL('../../ui/serve.js', import.meta.url).pathname;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface RunningUi {
  url: string;
  stop(): Promise<void>;
}

/** Starts the built UI server against `apiUrl`; fails with instructions when the build is missing. */
export async function startUi(options: {
  apiUrl: string;
  s3Endpoint: string;
  mailboxUrl?: string;
}): Promise<RunningUi> {
  if (!existsSync(UI_BUILD)) {
    throw new Error(
      'Interface non construite : lancez `npm test` (qui la construit) ou `cd ui && npx vite build`.',
    );
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [UI_ENTRY], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: url,
      API_URL: options.apiUrl,
      S3_PUBLIC_ENDPOINT: options.s3Endpoint,
      ...(options.mailboxUrl ? { DEV_MAILBOX_URL: options.mailboxUrl } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Its logs go to the file's personal-data scan too; its errors still show.
  child.stdout!.on('data', (chunk: Buffer) => captureLog(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => {
    captureLog(chunk.toString());
    process.stderr.write(chunk);
  });
  await waitFor(`l’interface (${url})`, 30_000, async () => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
  });
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium introuvable (${CHROMIUM}) : installez le paquet Debian « chromium » ou définissez CHROMIUM_PATH.`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/** A fresh page; CSP is bypassed only so that axe-core can be injected. */
export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    bypassCSP: true,
    locale: 'fr-FR',
    viewport: { width: 1280, height: 900 },
  });
  return context.newPage();
}

/**
 * The checks every visited page goes through (tests/support/page-checks.ts): captures at 390 and
 * 1280 px, layout, text and axe-core at both widths. Every browser test calls it on each page it shows.
 */
export async function expectAccessible(page: Page): Promise<void> {
  await expectGoodPage(page);
}

export { axeViolations };

/** Waits until the locator is visible (playwright-core has no test assertions of its own). */
export async function expectVisible(locator: Locator, timeout = 15_000): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout });
}

/**
 * Time for one browser test: each page it shows is captured and checked at two widths (layout, text,
 * axe-core), a few seconds a page on a busy machine, and a journey shows twenty pages or more.
 */
export const BROWSER_TEST_TIMEOUT = 240_000;

/** A page of this file's browser, signed in as `user`: her session's cookie on the UI's address. */
export async function signedInPage(
  suite: BrowserStack,
  user: Parameters<typeof sessionFor>[1],
): Promise<Page> {
  const page = await newPage(suite.browser);
  await page.context().addCookies([
    {
      name: 'registre_session',
      value: await sessionFor(suite.stack.db, user),
      url: suite.ui.url,
      httpOnly: true,
    },
  ]);
  return page;
}

export interface BrowserStack {
  stack: FileStack;
  ui: RunningUi;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * What a browser test file needs: its stack with the API, the built UI in front of it, Chromium.
 * With `mailbox`, the UI shows the demo mailbox and links in emails point at this UI.
 */
export async function startBrowserStack(
  name: string,
  options: { mailbox?: boolean } = {},
): Promise<BrowserStack> {
  const stack = await setUpFile(name, { api: true });
  const ui = await startUi({
    apiUrl: stack.apiUrl,
    s3Endpoint: inject('stack').s3.endpoint,
    ...(options.mailbox ? { mailboxUrl: stack.mailboxUrl } : {}),
  });
  if (options.mailbox) stack.deps.publicUrl = ui.url;
  const browser = await launchBrowser();
  return {
    stack,
    ui,
    browser,
    async close() {
      await browser.close();
      await ui.stop();
      await stack.teardown();
    },
  };
}
