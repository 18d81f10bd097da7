/**
 * A local RFC 3161 time-stamping authority for tests: `openssl ts -reply` behind a node:http
 * server on 127.0.0.1 and a random port. Its own root and TSA certificate (extendedKeyUsage
 * critical, timeStamping, as RFC 3161 §2.3 requires) are made at start in a temporary folder.
 * `down()` makes it answer 503, as a TSA outage would; `up()` brings it back.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TsaStandIn {
  url: string;
  /** PEM of the root that issued the TSA certificate, for `openssl ts -verify -CAfile`. */
  caFile: string;
  /** How many requests were answered with a token. */
  readonly stamped: number;
  down(): void;
  up(): void;
  close(): Promise<void>;
}

/** `openssl` with space-separated arguments, plus any that contain spaces. */
const openssl = (dir: string, args: string, ...more: string[]) =>
  run('openssl', [...args.split(' '), ...more], { cwd: dir });

async function makeCertificates(dir: string) {
  const ec = '-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes';
  await openssl(
    dir,
    `req -x509 ${ec} -keyout ca.key -out ca.pem -days 3650 -addext basicConstraints=critical,CA:true -addext keyUsage=critical,keyCertSign,cRLSign -subj`,
    '/C=VN/O=Test/CN=Test TSA Root',
  );
  await openssl(dir, `req ${ec} -keyout tsa.key -out tsa.csr -subj`, '/C=VN/O=Test/CN=Test TSA');
  writeFileSync(
    path.join(dir, 'tsa.ext'),
    'basicConstraints=CA:false\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n',
  );
  await openssl(
    dir,
    'x509 -req -in tsa.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out tsa.pem -days 3650 -extfile tsa.ext',
  );
  writeFileSync(path.join(dir, 'tsaserial'), '01\n');
  writeFileSync(
    path.join(dir, 'ts.cnf'),
    [
      '[ tsa ]',
      'default_tsa = tsa_config',
      '[ tsa_config ]',
      `dir = ${dir}`,
      'serial = $dir/tsaserial',
      'crypto_device = builtin',
      'signer_cert = $dir/tsa.pem',
      'certs = $dir/ca.pem',
      'signer_key = $dir/tsa.key',
      'signer_digest = sha256',
      'default_policy = 1.3.6.1.4.1.99999.1',
      'digests = sha256, sha384, sha512',
      'accuracy = secs:1',
      'ordering = yes',
      'tsa_name = yes',
      'ess_cert_id_chain = no',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );
}

export async function startTsaStandIn(): Promise<TsaStandIn> {
  const dir = mkdtempSync(path.join(tmpdir(), 'mocua-tsa-'));
  await makeCertificates(dir);
  let available = true;
  let stamped = 0;
  let counter = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      if (!available) {
        res.writeHead(503, { 'retry-after': '60' }).end();
        return;
      }
      if (req.method !== 'POST' || req.headers['content-type'] !== 'application/timestamp-query') {
        res.writeHead(400).end();
        return;
      }
      const n = ++counter;
      const query = path.join(dir, `q${n}.tsq`);
      const reply = path.join(dir, `r${n}.tsr`);
      writeFileSync(query, Buffer.concat(chunks));
      try {
        await run('openssl', ['ts', '-reply', '-config', path.join(dir, 'ts.cnf'), '-queryfile', query, '-out', reply]);
        stamped++;
        res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(readFileSync(reply));
      } catch {
        res.writeHead(500).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/tsa`,
    caFile: path.join(dir, 'ca.pem'),
    get stamped() {
      return stamped;
    },
    down: () => {
      available = false;
    },
    up: () => {
      available = true;
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
