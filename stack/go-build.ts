/**
 * Go binaries the stacks need (Temporal CLI, server, schema tool, Web UI, SeaweedFS), built once from
 * the Go module proxy into a cache outside the repository, so that a fresh clone reuses them.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

/** `~/.cache/registre-assmat/bin` (or under $XDG_CACHE_HOME). */
export function goCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  return path.join(base, 'registre-assmat', 'bin');
}

export interface GoBinary {
  /** What it is, for the log lines ("le serveur Temporal 1.30.4"). */
  what: string;
  /** File name in the cache; carries the version, so that a version bump builds anew. */
  file: string;
  /** `module/package@version`, as `go install` takes it. */
  target: string;
  /** The module holding the package (`github.com/temporalio/ui-server/v2`). */
  module: string;
  /** Files of the module the binary reads at run time, kept beside it in `<file>.files/`. */
  files?: string[];
  /**
   * For a module whose go.mod has `replace` directives, which `go install pkg@version` refuses: the
   * module is downloaded from the proxy (`go mod download`) and the package built inside it.
   */
  buildInModule?: boolean;
}

export function onPath(binary: string): string | null {
  const found = spawnSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' });
  const location = found.stdout.trim();
  return found.status === 0 && location ? location : null;
}

/** Where `go mod download` put the module's sources (downloading them when needed). */
function moduleDir(binary: GoBinary, env: NodeJS.ProcessEnv): string | null {
  const version = binary.target.split('@')[1];
  const download = spawnSync('go', ['mod', 'download', '-json', `${binary.module}@${version}`], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return download.status === 0 ? (JSON.parse(download.stdout) as { Dir: string }).Dir : null;
}

/** Builds `binary` into the directory `into`; returns the built file. */
function build(binary: GoBinary, into: string): string | null {
  const pkg = binary.target.split('@')[0]!;
  const env = { ...process.env, GOBIN: into, GOFLAGS: '-buildvcs=false' };
  const built = path.join(into, path.basename(pkg));
  if (binary.buildInModule) {
    const dir = moduleDir(binary, env);
    if (!dir) return null;
    const relative = `./${path.relative(binary.module, pkg)}`;
    spawnSync('go', ['build', '-o', built, relative], { cwd: dir, env, stdio: 'inherit' });
  } else {
    spawnSync('go', ['install', binary.target], { env, stdio: 'inherit' });
  }
  if (!existsSync(built)) return null;
  if (binary.files?.length) {
    const dir = moduleDir(binary, env);
    if (!dir) return null;
    for (const file of binary.files) cpSync(path.join(dir, file), path.join(`${built}.files`, file));
  }
  return built;
}

/**
 * The cached binary, built first when missing (when Go is there); null when it can be neither
 * found nor built. `log` gets one line before a build and one after, with its duration.
 */
export function goBinary(binary: GoBinary, log: (line: string) => void = () => {}): string | null {
  const cached = path.join(goCacheDir(), binary.file);
  if (existsSync(cached)) return cached;
  if (!onPath('go')) return null;
  mkdirSync(goCacheDir(), { recursive: true });
  log(`Construction de ${binary.what} (${binary.target}) avec Go, une seule fois…`);
  const started = Date.now();
  const staging = mkdtempSync(path.join(goCacheDir(), '.build-'));
  try {
    const built = build(binary, staging);
    if (!built) {
      log(`La construction de ${binary.what} a échoué.`);
      return null;
    }
    if (existsSync(`${built}.files`)) renameSync(`${built}.files`, `${cached}.files`);
    renameSync(built, cached);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  log(`${binary.what} construit en ${Math.round((Date.now() - started) / 1000)} s : ${cached}`);
  return cached;
}
