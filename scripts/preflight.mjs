// The tools the tests drive besides Node (issue 20): Debian's chromium (browser journeys and
// the kiosk test, through playwright-core at /usr/bin/chromium), poppler-utils (pdftotext
// and pdfsig read the PDFs we sign, as an independent reader) and softhsm2 (a PKCS#11 token). `npm test` runs this first:
// as root with apt-get it installs what is missing (idempotent: nothing when all is there);
// otherwise it stops before any test runs, naming the packages and the command. A missing tool
// is a failure, never a skipped test. Run alone: `node scripts/preflight.mjs`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { fileURLToPath } from 'node:url';

/** Path the tests launch (test/browser/harness.ts, src/modules/ratings/kiosk-browser.test.ts). */
export const CHROMIUM = '/usr/bin/chromium';

/** Debian's nginx, which test/release/two-nodes.test.ts starts itself with deploy/nginx/mocua.conf. */
export const NGINX = '/usr/sbin/nginx';

/** SoftHSM2's PKCS#11 module as Debian installs it. */
export const SOFTHSM_LIBRARY = '/usr/lib/softhsm/libsofthsm2.so';

const onPath = (tool) => spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;

/** Debian packages whose tools are missing here. */
export function missingPackages() {
  const missing = [];
  if (!existsSync(CHROMIUM)) missing.push('chromium');
  if (!['pdftotext', 'pdfsig'].every(onPath)) missing.push('poppler-utils');
  // SoftHSM2: the PKCS#11 token the signing tests sign with (src/platform/pdf/pkcs11.test.ts).
  if (!onPath('softhsm2-util') || !existsSync(SOFTHSM_LIBRARY)) missing.push('softhsm2');
  // The package `nginx` is the binary with the core modules (ssl, http_v2, upstream keepalive,
  // gzip) the site uses; nginx-light would add only modules we do not use.
  if (!existsSync(NGINX)) missing.push('nginx');
  return missing;
}

/** Makes sure the tools are here, installing them when allowed; throws with the fix otherwise. */
export function preflight() {
  const missing = missingPackages();
  if (missing.length === 0) return;
  const install = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (userInfo().uid === 0 && onPath('apt-get')) {
    console.log(`== preflight: installing Debian packages ${missing.join(', ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    for (const args of [['update', '-qq'], install.split(' ').slice(1).concat('-qq')]) {
      const run = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
      if (run.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${run.status})`);
    }
    const still = missingPackages();
    if (still.length === 0) return;
    throw new Error(`still missing after apt-get: ${still.join(', ')}`);
  }
  throw new Error(
    `The tests need the Debian packages ${missing.join(', ')}, which are not installed. ` +
      `Install them, then run npm test again:\n  sudo apt-get update && sudo ${install}`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    preflight();
    console.log('preflight: chromium, poppler-utils, softhsm2 and nginx are installed');
  } catch (error) {
    console.error(`preflight: ${error.message}`);
    process.exit(1);
  }
}
