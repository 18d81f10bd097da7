// A node:test reporter that writes {pass, fail, skipped} (leaf tests only) as JSON.
export default async function* countReporter(source) {
  const c = { pass: 0, fail: 0, skipped: 0 };
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (event.data.details?.type === 'suite') continue;
    if (event.data.skip || event.data.todo) c.skipped++;
    else if (event.type === 'test:pass') c.pass++;
    else c.fail++;
  }
  yield `${JSON.stringify(c)}\n`;
}
