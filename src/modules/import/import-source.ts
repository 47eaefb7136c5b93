import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { MalformedFileError } from './csv';

/** Where an import reads its files from: one CSV, a folder of CSVs, or a zip of them. */
export interface ImportSource {
  /** Names of the files available (base names, e.g. "users.csv"). */
  files(): string[];
  has(file: string): boolean;
  /** A fresh stream of the file each call (imports read some files twice: check, then load). */
  open(file: string): Promise<Readable>;
  /** Uncompressed size in bytes, for progress. */
  size(file: string): number;
  close(): Promise<void>;
}

/** Opens a path as a source: a `.zip`, a folder, or a single file (whose name is its only file). */
export async function openSource(target: string): Promise<ImportSource> {
  if (!existsSync(target)) throw new MalformedFileError(path.basename(target), 'does not exist');
  const stat = statSync(target);
  if (stat.isDirectory()) return folderSource(target);
  if (target.toLowerCase().endsWith('.zip')) return zipSource(target);
  return singleFileSource(target);
}

function singleFileSource(file: string): ImportSource {
  const name = path.basename(file);
  return {
    files: () => [name],
    has: (f) => f === name,
    open: async () => createReadStream(file),
    size: () => statSync(file).size,
    close: async () => undefined,
  };
}

function folderSource(dir: string): ImportSource {
  const names = readdirSync(dir).filter((n) => statSync(path.join(dir, n)).isFile());
  return {
    files: () => names,
    has: (f) => names.includes(f),
    open: async (f) => createReadStream(path.join(dir, f)),
    size: (f) => statSync(path.join(dir, f)).size,
    close: async () => undefined,
  };
}

/** A zip read entry by entry on demand (yauzl): nothing is extracted to disk or held whole in memory. */
async function zipSource(file: string): Promise<ImportSource> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: false }, (error, z) => (error || !z ? reject(error ?? new Error('zip')) : resolve(z))),
  ).catch((error: Error) => {
    throw new MalformedFileError(path.basename(file), `is not a readable zip (${error.message})`);
  });
  const entries = new Map<string, yauzl.Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      // OneRoster zips keep their CSVs at the root; a folder inside the zip is accepted too.
      if (!entry.fileName.endsWith('/')) entries.set(path.posix.basename(entry.fileName), entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve());
    zip.once('error', reject);
    zip.readEntry();
  });
  return {
    files: () => [...entries.keys()],
    has: (f) => entries.has(f),
    open: (f) =>
      new Promise<Readable>((resolve, reject) => {
        const entry = entries.get(f);
        if (!entry) return reject(new MalformedFileError(f, 'is not in the zip'));
        zip.openReadStream(entry, (error, stream) => (error || !stream ? reject(error ?? new Error('zip entry')) : resolve(stream)));
      }),
    size: (f) => entries.get(f)?.uncompressedSize ?? 0,
    close: async () => zip.close(),
  };
}
