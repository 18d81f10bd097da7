/**
 * A national document hub for tests: the four operations of the VPCP XRoad SDK (DOMAIN.md §6.3)
 * behind node:http on 127.0.0.1 and a random port — sendEdoc, getReceivedEdocList, getEdoc,
 * updateStatus — with the SDK's signed headers checked on every request (HMAC-SHA256 of
 * XroadVnpt-sign-header under the agency's SecretKey, and that header agreeing with the
 * XroadVnpt-* headers it names), the package's hash-file checked against the body, and the
 * package itself checked before it is accepted: well-formed edXML, the sender is the signed-in
 * agency, every recipient is connected. Written apart from src/ so it cannot share a mistake
 * with the client. `down(n)` answers 503 to the next n requests, as an outage would.
 */
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

interface Stored {
  docId: string;
  messageType: 'edoc' | 'status';
  from: string;
  to: string;
  xml: string;
  createdTime: string;
  done: boolean;
}

export interface HubStandIn {
  url: string;
  /** Connects an agency: its SystemId and SecretKey. */
  register(systemId: string, secretKey: string): void;
  /** Every package accepted, one per recipient, in order. */
  readonly packages: readonly Stored[];
  /** Requests refused, with the reason (for assertions). */
  readonly refusals: readonly string[];
  down(requests: number): void;
  close(): Promise<void>;
}

const parser = new XMLParser({
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (n) => n === 'To',
});

// biome-ignore lint/suspicious/noExplicitAny: parsed XML is read field by field.
type Raw = any;

/** Who a package goes to, or why it is refused: a document to its To agencies, a status to the document's sender. */
function route(xml: string, messageType: string, sender: string): { to: string[] } | { refused: string } {
  if (/<!DOCTYPE/iu.test(xml) || XMLValidator.validate(xml) !== true) return { refused: 'not well-formed XML' };
  const root: Raw = parser.parse(xml);
  const envelope = root.edXML?.edXMLEnvelope ?? root.EdXMLEnvelope ?? root.Envelope;
  const header = envelope?.edXMLHeader ?? envelope?.Header ?? envelope;
  if (messageType === 'status') {
    const status = header?.Status;
    if (!status) return { refused: 'no Status' };
    if (status.From?.OrganId !== sender) return { refused: 'Status From is not the sender' };
    if (!/^(01|02|03|04|05|06|13|15|16)$/u.test(String(status.StatusCode))) return { refused: 'unknown StatusCode' };
    if (!status.ResponseFor?.DocumentId || !status.ResponseFor?.OrganId) return { refused: 'no ResponseFor' };
    return { to: [String(status.ResponseFor.OrganId)] };
  }
  const mh = header?.MessageHeader;
  if (!mh) return { refused: 'no MessageHeader' };
  if (mh.From?.OrganId !== sender) return { refused: 'From is not the sender' };
  for (const field of ['DocumentId', 'Subject'] as const) if (!mh[field]) return { refused: `no ${field}` };
  if (!mh.Code?.CodeNumber || !mh.Code?.CodeNotation) return { refused: 'no Code' };
  const to: string[] = (mh.To ?? []).map((t: Raw) => String(t?.OrganId ?? ''));
  if (to.length === 0) return { refused: 'no To' };
  return { to };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** The SDK's hash-file: SHA-256, each byte as Java's Integer.toHexString. */
const javaHex = (bytes: Buffer) => [...createHash('sha256').update(bytes).digest()].map((b) => b.toString(16)).join('');

export async function startHubStandIn(): Promise<HubStandIn> {
  const secrets = new Map<string, string>();
  const packages: Stored[] = [];
  const refusals: string[] = [];
  let outage = 0;

  /** The signed-in agency, or why the signature is refused. */
  function authenticate(
    req: IncomingMessage,
  ): { systemId: string; values: Record<string, string> } | { refused: string } {
    const keys = header(req, 'XroadVnpt-sign-header-key');
    const signHeader = header(req, 'XroadVnpt-sign-header');
    const hash = header(req, 'XroadVnpt-hash-header');
    if (!keys || !signHeader || !hash) return { refused: 'unsigned request' };
    let signed: Record<string, unknown>;
    try {
      signed = JSON.parse(signHeader) as Record<string, unknown>;
    } catch {
      return { refused: 'sign-header is not JSON' };
    }
    const values: Record<string, string> = {};
    for (const name of keys.split(';')) {
      const sent = header(req, `XroadVnpt-${name}`);
      if (sent === undefined || signed[`XroadVnpt-${name}`] !== sent)
        return { refused: `header ${name} not as signed` };
      values[name] = sent;
    }
    if (Object.keys(signed).length !== keys.split(';').length) return { refused: 'sign-header names other headers' };
    const systemId = values.systemid ?? '';
    const secret = secrets.get(systemId);
    if (!secret) return { refused: 'unknown systemid' };
    if (!/^\d{8}T\d{6}\+\d{4}$/u.test(values.timestamp ?? '')) return { refused: 'bad timestamp' };
    const expected = createHmac('sha256', secret).update(signHeader, 'utf8').digest();
    const given = Buffer.from(hash, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { refused: 'bad signature' };
    return { systemId, values };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const answer = (json: Record<string, unknown>, status = 200) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    const fail = (code: string, desc: string) => {
      refusals.push(`${req.url}: ${desc}`);
      answer({ status: 'FAIL', ErrorCode: code, ErrorDesc: desc });
    };
    if (outage > 0) {
      outage--;
      answer({ status: 'FAIL', ErrorCode: '503', ErrorDesc: 'Service Unavailable' }, 503);
      return;
    }
    if (req.method !== 'POST') return fail('405', 'POST only');
    const auth = authenticate(req);
    if ('refused' in auth) return fail('10', auth.refused);
    const { systemId, values } = auth;
    const operation = new URL(req.url ?? '/', 'http://hub').pathname.split('/').pop();
    switch (operation) {
      case 'sendEdoc': {
        if (values.servicetype !== 'eDoc') return fail('15', 'servicetype must be eDoc');
        if (values.messagetype !== 'edoc' && values.messagetype !== 'status') return fail('15', 'unknown messagetype');
        if (values.from !== systemId) return fail('15', 'from is not the signed-in agency');
        if (values['hash-file'] !== javaHex(body)) return fail('15', 'hash-file does not match the package');
        const xml = body.toString('utf8');
        const routed = route(xml, values.messagetype, systemId);
        if ('refused' in routed) return fail('15', routed.refused);
        const unknown = routed.to.filter((to) => !secrets.has(to));
        if (unknown.length > 0) return fail('18', `recipient not connected: ${unknown.join(',')}`);
        const senderDocId = randomUUID();
        for (const to of routed.to) {
          packages.push({
            docId: to === routed.to[0] ? senderDocId : randomUUID(),
            messageType: values.messagetype,
            from: systemId,
            to,
            xml,
            createdTime: new Date().toISOString(),
            done: false,
          });
        }
        return answer({ status: 'OK', ErrorCode: '0', ErrorDesc: 'Success', DocId: senderDocId });
      }
      case 'getReceivedEdocList': {
        const data = packages
          .filter((p) => p.to === systemId && !p.done && p.messageType === values.messagetype)
          .map((p) => ({
            docId: p.docId,
            serviceType: 'eDoc',
            messageType: p.messageType,
            created_time: p.createdTime,
            updated_time: p.createdTime,
            from: p.from,
            to: p.to,
            status: 'initial',
            status_desc: 'Chưa nhận',
          }));
        return answer({ status: 'OK', ErrorCode: '0', ErrorDesc: 'Success', data });
      }
      case 'getEdoc': {
        const found = packages.find((p) => p.docId === values.docId && p.to === systemId);
        if (!found) return fail('19', 'no such package for this agency');
        return answer({
          status: 'OK',
          ErrorCode: '0',
          ErrorDesc: 'Success',
          data: Buffer.from(found.xml).toString('base64'),
        });
      }
      case 'updateStatus': {
        const found = packages.find((p) => p.docId === values.docId && p.to === systemId);
        if (!found) return fail('19', 'no such package for this agency');
        if (values.status !== 'done' && values.status !== 'fail' && values.status !== 'processing')
          return fail('15', 'status must be done, fail or processing');
        found.done = values.status === 'done' || values.status === 'fail';
        return answer({ status: 'OK', ErrorCode: '0', ErrorDesc: 'Success' });
      }
      default:
        return fail('404', 'unknown operation');
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/vxp`,
    register: (systemId, secretKey) => {
      secrets.set(systemId, secretKey);
    },
    packages,
    refusals,
    down: (requests) => {
      outage = requests;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
