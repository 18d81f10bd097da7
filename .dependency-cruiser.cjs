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
      comment: "Code outside the modules (app, jobs, cli, site) uses a module's index.ts only.",
      from: { path: '^src/', pathNot: [TESTS, '^src/modules/[^/]+/', '^src/site/'] },
      to: { path: '^src/modules/[^/]+/', pathNot: '^src/modules/[^/]+/index\\.ts$' },
    },
    {
      // The site mounts each module's pages through the module's pages/index.ts (the pages
      // import the shared UI, which a module's index.ts, used by the CLI and jobs, need not load).
      name: 'site-into-module-internals',
      severity: 'error',
      comment: "The site (src/site) uses a module's index.ts or pages/index.ts only.",
      from: { path: '^src/site/', pathNot: TESTS },
      to: { path: '^src/modules/[^/]+/', pathNot: '^src/modules/[^/]+/(pages/)?index\\.ts$' },
    },
    {
      name: 'platform-is-below',
      severity: 'error',
      comment: 'The platform kernel never imports a module, the shared UI or the site.',
      from: { path: '^src/platform/' },
      to: { path: '^src/(modules|web|site)/' },
    },
    {
      // Types (a dossier's states, a procedure's fields) may be named below: they leave no
      // arrow at run time. Anything a module's page needs from the site goes down into web.
      name: 'web-is-below-the-modules',
      severity: 'error',
      comment: 'The shared UI (src/web) imports no module and no site page at run time.',
      from: { path: '^src/web/', pathNot: TESTS },
      to: { path: '^src/(modules|site)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'site-is-on-top',
      severity: 'error',
      comment: 'Only the composition (app.ts) and the site itself import the site.',
      from: { path: '^src/', pathNot: [TESTS, '^src/site/', '^src/app\\.ts$'] },
      to: { path: '^src/site/' },
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
