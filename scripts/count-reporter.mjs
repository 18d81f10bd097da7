// A node:test reporter that writes {pass, fail, skipped} (leaf tests only) as JSON, with each
// file's time: under scripts/test-worker.mjs a file is one top-level suite named after it (its
// hooks counted); in a process of its own, the sum of its top-level tests (hooks not counted).
export default async function* countReporter(source) {
  const c = { pass: 0, fail: 0, skipped: 0, slowest: [] };
  const files = [];
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (event.data.nesting === 0 && event.data.file && event.data.details?.duration_ms !== undefined) {
      const file = event.data.file.endsWith('test-worker.mjs') ? event.data.name : event.data.file;
      files.push({ file, seconds: Math.round(event.data.details.duration_ms / 100) / 10 });
    }
    if (event.data.details?.type === 'suite') continue;
    if (event.data.skip || event.data.todo) c.skipped++;
    else if (event.type === 'test:pass') c.pass++;
    else c.fail++;
  }
  const byFile = new Map();
  for (const f of files) byFile.set(f.file, Math.round(((byFile.get(f.file) ?? 0) + f.seconds) * 10) / 10);
  c.files = [...byFile].sort((a, b) => b[1] - a[1]);
  c.slowest = c.files.slice(0, 8);
  yield `${JSON.stringify(c)}\n`;
}
