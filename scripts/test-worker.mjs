// One test process for many files (scripts/test.mjs): each file is imported inside its own
// describe(), so its top-level hooks and tests belong to it and run in file order, while the
// app's modules are loaded once per process instead of once per file. Before each file, what
// the process remembered from the previous file's database is forgotten (platform/process-state).
import path from 'node:path';
import { before, describe } from 'node:test';
import { pathToFileURL } from 'node:url';
import { forgetProcessState } from '../src/platform/process-state.ts';

for (const file of process.argv.slice(2)) {
  describe(file, async () => {
    before(forgetProcessState);
    await import(pathToFileURL(path.resolve(file)).href);
  });
}
