// `npm run build`: bundles the CLI (which starts the server) to dist/mocua.js for production.
// npm packages stay external (installed with `npm ci --omit=dev`); migrations/ and data/
// are read from the project folder at run time.
import { build } from 'esbuild';

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
