/**
 * A local OCSP responder (RFC 6960) for tests: `openssl ocsp` answering from an OpenSSL CA
 * index, one process per request (as the TSA stand-in does), behind node:http on 127.0.0.1.
 * The CA is the test's; the responder gets its own certificate with id-kp-OCSPSigning.
 * `revoke(serialHex)` marks a certificate revoked from now on.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createDemoCertificate, parseCertificate } from '../../../src/platform/pdf/index.ts';

const run = promisify(execFile);

export interface OcspStandIn {
  url: string;
  /** Adds a certificate as valid to the index (every certificate the CA issued must be listed). */
  issue(certificate: Uint8Array): void;
  revoke(certificate: Uint8Array, at?: Date): void;
  readonly answered: number;
  close(): Promise<void>;
}

const pem = (label: string, der: Uint8Array) =>
  `-----BEGIN ${label}-----\n${Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/gu, '$1\n')}\n-----END ${label}-----\n`;

/** OpenSSL index time: YYMMDDHHMMSSZ. */
const indexTime = (d: Date) => d.toISOString().replace(/[-:T]/gu, '').slice(2, 14) + 'Z';

export async function startOcspStandIn(ca: {
  certificate: Uint8Array;
  privateKeyPkcs8: Uint8Array;
}): Promise<OcspStandIn> {
  const dir = mkdtempSync(path.join(tmpdir(), 'mocua-ocsp-'));
  const responder = await createDemoCertificate({
    commonName: 'OCSP thử nghiệm',
    password: 'x',
    issuer: ca,
    extendedKeyUsage: ['1.3.6.1.5.5.7.3.9'],
    withoutPkcs12: true,
  });
  writeFileSync(path.join(dir, 'ca.pem'), pem('CERTIFICATE', ca.certificate));
  writeFileSync(path.join(dir, 'ocsp.pem'), pem('CERTIFICATE', responder.certificate));
  writeFileSync(path.join(dir, 'ocsp.key'), pem('PRIVATE KEY', responder.privateKeyPkcs8));
  const entries = new Map<string, { notAfter: Date; revokedAt?: Date }>();
  const writeIndex = () =>
    writeFileSync(
      path.join(dir, 'index.txt'),
      [...entries]
        .map(([serial, e]) =>
          [
            e.revokedAt ? 'R' : 'V',
            indexTime(e.notAfter),
            e.revokedAt ? indexTime(e.revokedAt) : '',
            serial,
            'unknown',
            `/CN=${serial}`,
          ].join('\t'),
        )
        .join('\n') + '\n',
    );
  writeIndex();
  const serialOf = (der: Uint8Array) =>
    Buffer.from(parseCertificate(der).serialNumber.valueBlock.valueHexView).toString('hex').toUpperCase();
  let answered = 0;
  let counter = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      if (req.method !== 'POST' || req.headers['content-type'] !== 'application/ocsp-request') {
        res.writeHead(400).end();
        return;
      }
      const n = ++counter;
      const request = path.join(dir, `q${n}.der`);
      const response = path.join(dir, `r${n}.der`);
      writeFileSync(request, Buffer.concat(chunks));
      try {
        await run('openssl', [
          'ocsp',
          '-index',
          path.join(dir, 'index.txt'),
          '-CA',
          path.join(dir, 'ca.pem'),
          '-rsigner',
          path.join(dir, 'ocsp.pem'),
          '-rkey',
          path.join(dir, 'ocsp.key'),
          '-reqin',
          request,
          '-respout',
          response,
          '-ndays',
          '7',
        ]);
        answered++;
        res.writeHead(200, { 'content-type': 'application/ocsp-response' }).end(readFileSync(response));
      } catch (error) {
        console.error('OCSP stand-in:', String(error));
        res.writeHead(500).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/ocsp`,
    issue(certificate) {
      entries.set(serialOf(certificate), { notAfter: parseCertificate(certificate).notAfter.value });
      writeIndex();
    },
    revoke(certificate, at = new Date()) {
      entries.set(serialOf(certificate), { notAfter: parseCertificate(certificate).notAfter.value, revokedAt: at });
      writeIndex();
    },
    get answered() {
      return answered;
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
