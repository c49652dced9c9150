#!/usr/bin/env node
/**
 * Build fincore.js: `node sdk/build.mjs [--outdir DIR]`.
 *
 * Three minified bundles with source maps, named by version, the type declarations, and a
 * manifest with the bundles' SRI hashes:
 *   fincore-<version>.js         the merchant-page SDK as a script (the CDN serves it, with SRI)
 *   fincore-<version>.mjs        the same SDK as an ES module (`import { FinCore } from ...`)
 *   fincore-fields-<version>.js  the iframe side (served by the PSP on its own origin)
 *   fincore.d.ts                 TypeScript declarations of both forms (src/fincore.d.ts)
 *   manifest.json                file names, sizes and sha384 integrity values
 *
 * Deterministic: the same sources give the same bytes wherever the output goes, because esbuild
 * computes every path relative to sdk/dist (never the real output folder) and we write the
 * results ourselves; nothing time- or machine-dependent goes in.
 */

import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { PROTOCOL, SDK_VERSION } from './src/shared/constants.js';

const SDK_DIR = dirname(fileURLToPath(import.meta.url));
const CANONICAL_OUTDIR = join(SDK_DIR, 'dist');
const BUNDLES = {
  sdk: { entry: 'src/merchant/index.js', name: `fincore-${SDK_VERSION}`, format: 'iife', extension: '.js' },
  esm: { entry: 'src/merchant/module.js', name: `fincore-${SDK_VERSION}`, format: 'esm', extension: '.mjs' },
  fields: { entry: 'src/frame/index.js', name: `fincore-fields-${SDK_VERSION}`, format: 'iife', extension: '.js' },
};
const DECLARATIONS = 'fincore.d.ts';

function outdirFromArgs(argv) {
  const at = argv.indexOf('--outdir');
  return at === -1 ? CANONICAL_OUTDIR : resolve(argv[at + 1]);
}

async function bundle({ entry, name, format, extension }) {
  const result = await esbuild.build({
    absWorkingDir: SDK_DIR,
    entryPoints: { [name]: entry },
    outdir: CANONICAL_OUTDIR,
    outExtension: { '.js': extension },
    bundle: true,
    format,
    minify: true,
    sourcemap: 'linked',
    sourcesContent: true,
    target: ['es2022', 'chrome100', 'firefox100', 'safari16'],
    legalComments: 'none',
    banner: { js: `/*! fincore.js ${SDK_VERSION} (${PROTOCOL}) */` },
    write: false,
    logLevel: 'warning',
  });
  const files = {};
  for (const file of result.outputFiles) {
    files[file.path.slice(CANONICAL_OUTDIR.length + 1)] = Buffer.from(file.contents);
  }
  const map = files[`${name}${extension}.map`].toString('utf8');
  if (map.includes(SDK_DIR)) throw new Error(`${name}${extension}.map contains an absolute path`);
  return files;
}

function describe({ name, extension }, files) {
  const code = files[`${name}${extension}`];
  const integrity = `sha384-${createHash('sha384').update(code).digest('base64')}`;
  return { file: `${name}${extension}`, bytes: code.length, integrity, map: `${name}${extension}.map` };
}

async function main() {
  const outdir = outdirFromArgs(process.argv.slice(2));
  const written = {};
  const manifest = { name: 'fincore.js', version: SDK_VERSION, protocol: PROTOCOL, files: {} };
  for (const [kind, spec] of Object.entries(BUNDLES)) {
    const files = await bundle(spec);
    Object.assign(written, files);
    manifest.files[kind] = describe(spec, files);
  }
  written[DECLARATIONS] = await readFile(join(SDK_DIR, 'src', DECLARATIONS));
  manifest.types = DECLARATIONS;
  written['manifest.json'] = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);

  await mkdir(outdir, { recursive: true });
  // The folder holds exactly one build: files of an older version are removed.
  for (const stale of await readdir(outdir)) {
    if (!(stale in written)) await rm(join(outdir, stale), { recursive: true });
  }
  for (const [file, contents] of Object.entries(written)) await writeFile(join(outdir, file), contents);

  for (const { file, bytes, integrity } of Object.values(manifest.files)) {
    const gzipped = gzipSync(written[file], { level: 9 }).length;
    console.log(`${file}  ${bytes} B, ${gzipped} B gzipped  ${integrity}`);
  }
}

await main();
