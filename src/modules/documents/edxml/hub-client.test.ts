import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { type HubStandIn, startHubStandIn } from '../../../../test/standins/edxml-hub/server.ts';
import { DeliveryError } from '../../../platform/notify/errors.ts';
import { createHubClient, HubRefusal } from './hub-client.ts';
import { packageHash, signedHeaders } from './hub-signing.ts';

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8');
const SENDER = '000.00.08.H59';
const RECEIVER = '000.00.12.H59';
const OTHER = '000.00.00.H59';

let hub: HubStandIn;
before(async () => {
  hub = await startHubStandIn();
  hub.register(SENDER, 'bí-mật-sở-tư-pháp');
  hub.register(RECEIVER, 'bí-mật-sở-nội-vụ');
  hub.register(OTHER, 'bí-mật-văn-phòng');
});
after(() => hub.close());

const client = (systemId: string, secretKey: string) => createHubClient({ endpoint: hub.url, systemId, secretKey });

test('send, list received, get and mark done: the four operations of §6.3', async () => {
  const xml = fixture('document-enveloped.edxml');
  const sent = await client(SENDER, 'bí-mật-sở-tư-pháp').send(xml, 'edoc');
  assert.match(sent.docId, /^[0-9a-f-]{36}$/u);
  const receiver = client(RECEIVER, 'bí-mật-sở-nội-vụ');
  const listed = await receiver.listReceived('edoc');
  assert.equal(listed.length, 1);
  assert.equal(listed[0]?.from, SENDER);
  assert.equal(await receiver.get(listed[0]?.docId ?? ''), xml, 'the package arrives byte for byte');
  assert.deepEqual(await receiver.listReceived('status'), []);
  // The second To (Văn phòng UBND) gets its own copy.
  assert.equal((await client(OTHER, 'bí-mật-văn-phòng').listReceived('edoc')).length, 1);
  await receiver.updateStatus(listed[0]?.docId ?? '', 'done');
  assert.deepEqual(await receiver.listReceived('edoc'), []);
});

test('a status package goes back to the document’s sender', async () => {
  await client(RECEIVER, 'bí-mật-sở-nội-vụ').send(fixture('status-enveloped.edxml'), 'status');
  const listed = await client(SENDER, 'bí-mật-sở-tư-pháp').listReceived('status');
  assert.equal(listed.length, 1);
  assert.equal(listed[0]?.messageType, 'status');
});

test('a wrong SecretKey is refused for good (no retry), an outage is retried', async () => {
  const wrong = client(SENDER, 'đoán-mò');
  await assert.rejects(wrong.listReceived('edoc'), (err) => err instanceof HubRefusal && err.retryable === false);
  assert.match(hub.refusals.at(-1) ?? '', /bad signature/u);
  hub.down(1);
  await assert.rejects(
    client(SENDER, 'bí-mật-sở-tư-pháp').listReceived('edoc'),
    (err) => err instanceof DeliveryError && err.retryable && !(err instanceof HubRefusal),
  );
});

test('the hub checks what it receives: sender, recipients, package hash, signed headers', async () => {
  const sender = client(SENDER, 'bí-mật-sở-tư-pháp');
  // A package claiming another sender.
  await assert.rejects(client(RECEIVER, 'bí-mật-sở-nội-vụ').send(fixture('document-flat.edxml'), 'edoc'), HubRefusal);
  assert.match(hub.refusals.at(-1) ?? '', /From is not the sender/u);
  // A recipient not connected to the hub.
  const stranger = fixture('document-flat.edxml').replace('000.00.12.H59', '999.99.99.H99');
  await assert.rejects(sender.send(stranger, 'edoc'), (err) => err instanceof HubRefusal && err.errorCode === '18');
  // Not XML at all.
  await assert.rejects(sender.send('<edXML><x></edXML>', 'edoc'), HubRefusal);
  // A body changed after its hash was signed.
  const xml = fixture('document-flat.edxml');
  const headers = signedHeaders(
    [
      ['systemid', SENDER],
      ['timestamp', '05032025T143000+0000'],
      ['Content-Type', 'application/octet-stream'],
      ['from', SENDER],
      ['servicetype', 'eDoc'],
      ['messagetype', 'edoc'],
      ['hash-file', packageHash(Buffer.from(xml))],
    ],
    'bí-mật-sở-tư-pháp',
  );
  const tampered = await fetch(`${hub.url}/sendEdoc`, { method: 'POST', headers, body: xml.replace('Trần', 'Trân') });
  assert.equal(((await tampered.json()) as { ErrorCode: string }).ErrorCode, '15');
  // A header changed after signing.
  const forged = await fetch(`${hub.url}/sendEdoc`, {
    method: 'POST',
    headers: { ...headers, 'XroadVnpt-from': RECEIVER },
    body: xml,
  });
  assert.equal(((await forged.json()) as { ErrorCode: string }).ErrorCode, '10');
  // Nobody reads another agency's package.
  const theirs = hub.packages.find((p) => p.to === RECEIVER);
  await assert.rejects(sender.get(theirs?.docId ?? ''), (err) => err instanceof HubRefusal && err.errorCode === '19');
});
