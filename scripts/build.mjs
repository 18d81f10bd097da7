// `npm run build`: the release, plain JavaScript that `node dist/mocua.js start` runs without
// tsx. The CLI (which starts the server) is bundled to dist/mocua.js; npm packages stay
// external (a release runs with `npm ci --omit=dev`); migrations/ and data/ are read from the
// project folder, found from the bundle's own location (src/platform/paths.ts). The static
// files the modules serve from `assets/` folders are copied beside the bundle at the same
// relative paths (paths.ts `codeFolder`), so a release needs no src/ folder.
import { cpSync, globSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

process.chdir(path.dirname(path.dirname(fileURLToPath(import.meta.url))));
rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/mocua.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  packages: 'external',
  sourcemap: true,
  jsx: 'automatic',
  jsxImportSource: 'preact',
  // No banner: esbuild keeps src/cli/main.ts's own `#!/usr/bin/env node`, and a second one is a syntax error.
  logLevel: 'info',
});
for (const file of globSync('src/**/assets/*')) {
  const to = path.join('dist', path.relative('src', file));
  cpSync(file, to, { recursive: true });
  console.log(`  ${to}`);
}
