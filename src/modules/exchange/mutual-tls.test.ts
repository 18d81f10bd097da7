/**
 * Mutual TLS against the land stand-in, as a land office demands it: a CA, the stand-in's server
 * certificate and the province's client certificate are made with openssl here; the connector
 * names the files (docs/exchange.md) and is read by the production loader. The stand-in accepts
 * only a client certificate its CA issued: ours gets the parcel, one from another CA is refused
 * at the handshake, and both calls are in the message log.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { desc } from 'drizzle-orm';
import { startLandStandIn } from '../../../test/standins/land/server.ts';
import type { ProviderStandIn } from '../../../test/standins/population/provider.ts';
import { createTestDb, type TestDb } from '../../platform/db/testing.ts';
import { DomainError } from '../../platform/errors.ts';
import { loadConnectors } from './connectors.ts';
import { Gateway } from './gateway.ts';
import { lookupParcel } from './lookup-business.ts';
import { exchangeMessages } from './schema.ts';
import { CLIENT, receiverCaller, sampleCitizen } from './testing.ts';

let dir: string;
let t: TestDb;
let land: ProviderStandIn;

const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
/** A P-256 key and a certificate for `cn` issued by `ca` (its .crt and .key in `dir`). */
function issue(name: string, cn: string, ca: string, extensions: string) {
  writeFileSync(path.join(dir, `${name}.ext`), `${extensions}\n`);
  openssl(
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
    '-subj',
    `/CN=${cn}`,
  );
  openssl(
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${ca}.crt`,
    '-CAkey',
    `${ca}.key`,
    '-CAcreateserial',
    '-days',
    '2',
    '-out',
    `${name}.crt`,
    '-extfile',
    `${name}.ext`,
  );
}
function authority(name: string, cn: string) {
  openssl(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.crt`,
    '-days',
    '2',
    '-subj',
    `/CN=${cn}`,
  );
}

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mocua-mtls-'));
  authority('lgsp-ca', 'LGSP thử nghiệm CA');
  authority('other-ca', 'CA khác');
  issue('server', '127.0.0.1', 'lgsp-ca', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth');
  issue('mocua', 'mocua-08', 'lgsp-ca', 'extendedKeyUsage=clientAuth');
  issue('rogue', 'mocua-08', 'other-ca', 'extendedKeyUsage=clientAuth');
  writeFileSync(path.join(dir, 'lgsp-secret'), CLIENT.clientSecret);
  const read = (f: string) => readFileSync(path.join(dir, f));
  [t, land] = await Promise.all([
    createTestDb(),
    startLandStandIn(
      [
        {
          communeCode: '02221',
          sheet: '12',
          parcel: '345',
          areaM2: 180.5,
          landUse: 'ONT',
          address: 'Tổ 5, phường Minh Xuân',
          users: [{ fullName: 'Nguyễn Thị Hoa', personalId: sampleCitizen.personalId }],
          certificateNo: 'DĐ 123456',
        },
      ],
      { ...CLIENT, tls: { cert: read('server.crt'), key: read('server.key'), ca: read('lgsp-ca.crt') } },
    ),
  ]);
});
after(async () => {
  await Promise.all([t.close(), land.close()]);
  rmSync(dir, { recursive: true, force: true });
});

/** A gateway whose land connector presents `clientCert` (files named in the connectors file). */
function gatewayWith(clientCert: 'mocua' | 'rogue'): Gateway {
  const file = path.join(dir, `connectors-${clientCert}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      connectors: [
        {
          id: 'land.parcel',
          title: 'Hệ thống thông tin đất đai — thửa đất',
          register: 'land',
          endpoint: land.url,
          auth: { kind: 'oauth2', tokenUrl: land.tokenUrl, clientId: CLIENT.clientId, clientSecretFile: 'lgsp-secret' },
          tls: { certFile: `${clientCert}.crt`, keyFile: `${clientCert}.key`, caFile: 'lgsp-ca.crt' },
          timeoutMs: 5000,
          retries: 0,
          allow: [{ module: 'dossiers', roles: ['specialist'] }],
        },
      ],
    }),
  );
  return new Gateway({ provinceCode: '08', connectors: loadConnectors(file), signer: async () => undefined });
}

const specialist = { ...receiverCaller('staff-specialist-1'), roles: ['specialist'] as const } as const;
const at = { communeCode: '02221', sheet: '12', parcel: '345' };
const lastRecord = async () =>
  (await t.db.select().from(exchangeMessages).orderBy(desc(exchangeMessages.seq)).limit(1))[0];

test('mutual TLS: the province’s client certificate gets the parcel; one from another CA is refused at the handshake', async () => {
  assert.ok(land.url.startsWith('https://'));
  const ours = gatewayWith('mocua');
  try {
    const parcel = await lookupParcel(t.db, specialist, ours, 'dossiers', at, { purpose: 'Thẩm định hồ sơ' });
    assert.equal(parcel?.areaM2, 180.5);
    assert.equal(land.counts.tokens, 1);
    assert.equal(land.counts.calls, 1);
    assert.equal((await lastRecord())?.result, 'ok');
  } finally {
    ours.close();
  }

  const rogue = gatewayWith('rogue');
  try {
    const refused = await lookupParcel(t.db, specialist, rogue, 'dossiers', at, { purpose: 'Thẩm định hồ sơ' }).catch(
      (e: unknown) => e,
    );
    assert.ok(refused instanceof DomainError);
    assert.equal(refused.code, 'EXCHANGE_REGISTER_UNAVAILABLE');
    // Nothing reached the service, not even the token endpoint.
    assert.equal(land.counts.tokens, 1);
    assert.equal(land.counts.calls, 1);
    const record = await lastRecord();
    assert.equal(record?.result, 'error');
    assert.equal(record?.errorCode, 'CONNECTION_FAILED');
  } finally {
    rogue.close();
  }
});
