/**
 * Dependency rules of Mở Cửa (run by `npm run check`; see docs/architecture.md).
 * A module's files are its own: other code calls its index.ts. Tests and test kits
 * (*.test.ts, testing*.ts) may reach into any module to arrange their data.
 */
const TESTS = '(\\.test\\.tsx?|/testing[a-z-]*\\.ts)$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'module-boundary',
      severity: 'error',
      comment: "A module imports another module only through that module's index.ts.",
      from: { path: '^src/modules/([^/]+)/', pathNot: [TESTS, '/schema\\.ts$'] },
      to: { path: '^src/modules/([^/]+)/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      // The one exception: a foreign key names the other module's table (catalog → agencies,
      // ratings → agencies, counters, dossiers), so the database keeps the references whole
      // and drizzle-kit generates them. Only schema.ts → schema.ts; no code reads the table.
      name: 'module-boundary-schema',
      severity: 'error',
      comment: "A module's schema.ts references another module's schema.ts (foreign keys) and nothing else of it.",
      from: { path: '^src/modules/([^/]+)/schema\\.ts$' },
      to: {
        path: '^src/modules/([^/]+)/',
        pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/(index|schema)\\.ts$'],
      },
    },
    {
      name: 'outside-into-module-internals',
      severity: 'error',
      comment: "Code outside the modules (app, jobs, cli, web) uses a module's index.ts only.",
      from: { path: '^src/', pathNot: [TESTS, '^src/modules/[^/]+/'] },
      to: { path: '^src/modules/[^/]+/', pathNot: '^src/modules/[^/]+/index\\.ts$' },
    },
    {
      name: 'platform-is-below',
      severity: 'error',
      comment: 'The platform kernel never imports a module or a page.',
      from: { path: '^src/platform/' },
      to: { path: '^src/(modules|web)/' },
    },
    {
      name: 'no-cycle',
      severity: 'error',
      comment: 'Runtime import cycles (type-only imports excluded).',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'] },
  },
};
