/**
 * Builds the SvelteKit UI (adapter-node) when `ui/build/index.js` is missing or older than its
 * sources, so `npm start` never serves a stale UI. Skips, with a message, while ui/ is not there.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNode } from './children.ts';

export const UI_DIR = fileURLToPath(new URL('../ui/', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUILT = path.join(UI_DIR, 'build', 'index.js');
/** Generated or installed: their dates say nothing about the sources. */
const IGNORED = new Set(['node_modules', 'build', '.svelte-kit']);

/**
 * What starts the built UI: ui/serve.js when the UI has one (it tells adapter-node the public
 * protocol, which SvelteKit 3 no longer takes from ORIGIN), else adapter-node's own entry.
 */
export function uiEntry(): string {
  return existsSync(path.join(UI_DIR, 'serve.js')) ? 'serve.js' : path.join('build', 'index.js');
}

/** True when ui/ holds a SvelteKit app (its Vite config exists). */
export function uiExists(): boolean {
  return ['vite.config.ts', 'vite.config.js'].some((name) => existsSync(path.join(UI_DIR, name)));
}

function newestMtime(entry: string): number {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(entry)) {
    if (IGNORED.has(name)) continue;
    newest = Math.max(newest, newestMtime(path.join(entry, name)));
  }
  return newest;
}

export function uiBuildIsStale(): boolean {
  if (!existsSync(BUILT)) return true;
  return newestMtime(UI_DIR) > statSync(BUILT).mtimeMs;
}

/** Runs `vite build` in ui/ with the running Node (warnings and errors only); resolves with its exit code. */
export function buildUi(env: NodeJS.ProcessEnv = process.env): Promise<number | null> {
  return runNode(
    'ui-build',
    [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: UI_DIR,
      env,
    },
  );
}

/** Builds when needed; resolves true when `ui/build/index.js` can be started. */
export async function buildUiIfStale(env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<boolean> {
  if (!uiExists()) {
    log("Pas encore d'interface (ui/vite.config.ts absent) : seuls l'API et le worker démarrent.");
    return false;
  }
  if (!uiBuildIsStale()) return true;
  log("Construction de l'interface (vite build)…");
  const started = Date.now();
  const code = await buildUi(env);
  if (code !== 0) {
    log(
      `La construction de l'interface a échoué (code ${code}) : l'interface ne démarre pas, l'API et le worker si.`,
    );
    return false;
  }
  log(`Interface construite en ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return true;
}
