/**
 * Where the files the code reads at run time are, from source (tsx, tests) or from the release
 * bundle (dist/mocua.js, `npm run build`), whatever the process's working directory is.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);

function findRoot(): string {
  let dir = path.dirname(here);
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'migrations'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/** The project folder: package.json, migrations/ and data/. */
export const projectRoot = findRoot();
export const dataFolder = path.join(projectRoot, 'data');

/**
 * The folder of the running code: src/ from source, dist/ in the bundle. The static files a
 * module serves from its `assets/` folder are found under it at the same relative path
 * (scripts/build.mjs copies them into dist/), so a release needs no src/.
 */
export const codeFolder = here.endsWith('.ts') ? path.dirname(path.dirname(here)) : path.dirname(here);
