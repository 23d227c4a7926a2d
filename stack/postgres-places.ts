/**
 * Where the embedded PostgreSQL's binaries and data live. As root, PostgreSQL runs as the `postgres`
 * user, which must be able to walk down to both. A checkout made with `mktemp -d` is mode 0700: the
 * directories of the repository itself get the traversal bit (o+x, no listing). A directory outside
 * it (a home directory of mode 0700, say) is never changed: the binaries are copied, once, and the
 * data kept, in a place that user can reach, the same on every run, so that nothing is lost.
 */
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The postgres user's ids, to decide what it may cross. */
export interface PostgresUser {
  uid: number;
  gid: number;
}

export interface PostgresPlaces {
  binaries: string;
  data: string;
  /** What was moved and why, for the start to say (empty when nothing was). */
  notes: string[];
}

/** Where relocated clusters live; `REGISTRE_POSTGRES_HOME` chooses another place. */
export function stableRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.REGISTRE_POSTGRES_HOME || '/var/lib/registre-assmat';
}

function traversable(dir: string, user: PostgresUser): boolean {
  const { mode, uid, gid } = statSync(dir);
  if (uid === user.uid) return (mode & 0o100) !== 0;
  if (gid === user.gid) return (mode & 0o010) !== 0;
  return (mode & 0o001) !== 0;
}

/** The first directory from the root down to `target` that the user cannot cross, or null. */
export function firstBlocked(target: string, user: PostgresUser): string | null {
  const chain: string[] = [];
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    chain.unshift(dir);
    if (dir === path.dirname(dir)) break;
  }
  for (const dir of chain) if (existsSync(dir) && !traversable(dir, user)) return dir;
  return null;
}

/** Gives the traversal bit to the directories of the repository on the way to `target`. */
function openWithinRepository(target: string, repository: string, user: PostgresUser): void {
  for (let dir = path.resolve(target); (dir + path.sep).startsWith(repository); dir = path.dirname(dir)) {
    if (existsSync(dir) && !traversable(dir, user)) chmodSync(dir, statSync(dir).mode | 0o001);
  }
}

/** A short name for a directory, the same every run: its base name and a hash of its real path. */
function stableName(dir: string): string {
  const parent = existsSync(path.dirname(dir)) ? realpathSync(path.dirname(dir)) : path.dirname(dir);
  const hash = createHash('sha256')
    .update(path.join(parent, path.basename(dir)))
    .digest('hex')
    .slice(0, 10);
  return `${path.basename(path.dirname(dir))}-${path.basename(dir)}-${hash}`;
}

/** Copies the binaries once into the stable place (a marker file says the copy is complete). */
function copiedBinaries(binaries: string, root: string, version: string): string {
  const target = path.join(root, `postgres-${version}`);
  const complete = path.join(target, '.complete');
  if (!existsSync(complete)) {
    cpSync(binaries, target, { recursive: true, verbatimSymlinks: true });
    writeFileSync(complete, `${binaries}\n`);
  }
  return target;
}

/**
 * Decides where PostgreSQL runs from and keeps its data. `user` is null when this process is not
 * root (PostgreSQL then runs as the current user, who can reach the checkout).
 */
export function postgresPlaces(options: {
  binaries: string;
  data: string;
  repository: string;
  version: string;
  user: PostgresUser | null;
  env?: NodeJS.ProcessEnv;
}): PostgresPlaces {
  const { binaries, data, repository, version, user } = options;
  if (!user) return { binaries, data, notes: [] };
  const inside = (dir: string) => (path.resolve(dir) + path.sep).startsWith(repository);
  for (const dir of [binaries, path.dirname(data)])
    if (inside(dir)) openWithinRepository(dir, repository, user);

  const root = stableRoot(options.env);
  const blockedBinaries = firstBlocked(binaries, user);
  const blockedData = firstBlocked(path.dirname(data), user);
  if (!blockedBinaries && !blockedData) return { binaries, data, notes: [] };
  mkdirSync(root, { recursive: true, mode: 0o755 });
  chmodSync(root, 0o755);
  const stillBlocked = firstBlocked(root, user);
  if (stillBlocked) {
    throw new Error(
      `PostgreSQL (utilisateur postgres) ne peut traverser ni ${blockedBinaries ?? blockedData} ni ${stillBlocked}. ` +
        'Choisissez un dossier accessible avec REGISTRE_POSTGRES_HOME, ou définissez DATABASE_URL.',
    );
  }
  const places = {
    binaries: blockedBinaries ? copiedBinaries(binaries, root, version) : binaries,
    data: blockedData ? path.join(root, stableName(data)) : data,
  };
  const notes = [
    ...(blockedData
      ? [`données dans ${places.data} (l'utilisateur postgres ne peut pas traverser ${blockedData})`]
      : []),
    ...(blockedBinaries
      ? [
          `programmes copiés dans ${places.binaries} (l'utilisateur postgres ne peut pas traverser ${blockedBinaries})`,
        ]
      : []),
  ];
  return { ...places, notes };
}
