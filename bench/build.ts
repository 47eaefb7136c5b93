import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { transformFile, type Options } from '@swc/core';

/**
 * Compiles the app (src, seeds, migrations) and the bench's server entry to plain CommonJS in
 * bench/.peer/app-<pid>/, so the server the bench measures runs as a deployment runs it: `node` on
 * JavaScript, without ts-node, the TypeScript compiler and source-map hooks in its heap (they would
 * add about 150 MiB to its RSS and slow every stack trace). swc with the test suite's
 * settings (jest.config.js): legacy decorators with metadata, no define semantics for fields. A
 * fraction of a second for the whole tree, so every run compiles the sources as they are.
 */
const ROOT = path.join(__dirname, '..');
/** One folder per bench process, so two runs at once do not compile over each other. */
export const APP_BUILD_DIR = path.join(__dirname, '.peer', `app-${process.pid}`);
const SOURCES = ['src', 'seeds', 'migrations', path.join('bench', 'server'), path.join('bench', 'seams')];

const SWC_OPTIONS: Options = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: false,
  swcrc: false,
  configFile: false,
};

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return tsFiles(full);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [full] : [];
  });
}

export function removeAppBuild(): void {
  rmSync(APP_BUILD_DIR, { recursive: true, force: true });
}

/** Compiles and returns the path of the compiled server entry (bench/server/child.js). */
export async function buildApp(): Promise<{ entry: string; files: number; ms: number }> {
  const started = performance.now();
  rmSync(APP_BUILD_DIR, { recursive: true, force: true });
  const files = SOURCES.flatMap((dir) => tsFiles(path.join(ROOT, dir)));
  await Promise.all(
    files.map(async (file) => {
      const { code } = await transformFile(file, { ...SWC_OPTIONS, filename: file });
      const out = path.join(APP_BUILD_DIR, path.relative(ROOT, file)).replace(/\.ts$/, '.js');
      mkdirSync(path.dirname(out), { recursive: true });
      writeFileSync(out, code);
    }),
  );
  return { entry: path.join(APP_BUILD_DIR, 'bench', 'server', 'child.js'), files: files.length, ms: performance.now() - started };
}
