/**
 * The DSFR's JavaScript (the header's menu, modals…), bundled by Vite and served by this site, so the
 * CSP keeps `script-src 'self'`. Svelte owns the DOM: the DSFR is started in a framework mode, where
 * it does not rewrite markup (we render the header's mobile copy of its links ourselves).
 */
interface DsfrApi {
  start(): void;
  (element: Element): { modal?: { conceal(): void } };
}

declare global {
  interface Window {
    /** The DSFR's settings before it loads, its API after. */
    dsfr?: unknown;
  }
}

let loading: Promise<void> | null = null;

/** Loads and starts the DSFR once, in the browser. */
export function startDsfr(): Promise<void> {
  loading ??= (async () => {
    // Any framework mode sets `preventManipulation`: the DSFR then leaves Svelte's markup alone.
    window.dsfr = { mode: 'react', production: true };
    await import('@gouvfr/dsfr/dist/dsfr.module.min.js');
    (window.dsfr as DsfrApi).start();
  })();
  return loading;
}

/** Closes a DSFR modal (the header's menu after a click on one of its links). */
export function concealModal(element: Element | undefined): void {
  const api = window.dsfr;
  if (element && typeof api === 'function') (api as DsfrApi)(element).modal?.conceal();
}
