#!/usr/bin/env node
// The installed `mocua` command: the release bundle itself (the file `node dist/mocua.js` runs),
// built by `npm run build`. From a source checkout without a build, `npm run mocua -- …` runs
// the same commands through tsx.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/mocua.js', import.meta.url);
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `Mở Cửa cần Node.js 24 trở lên (đang chạy ${process.version}) / Mở Cửa needs Node.js 24 or newer (this is ${process.version}).`,
  );
  process.exit(1);
}
if (!existsSync(bundle)) {
  console.error(
    'Chưa có bản dựng dist/mocua.js: chạy `npm run build` trong thư mục dự án. / ' +
      'No release build (dist/mocua.js): run `npm run build` in the project folder first.',
  );
  process.exit(1);
}
await import(bundle.href);
