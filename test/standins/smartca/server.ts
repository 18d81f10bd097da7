/**
 * A stand-in for VNPT SmartCA's service-provider API (SP769) on 127.0.0.1, answering the three
 * requests src/platform/pdf/smartca.ts makes, with the same JSON fields: get_certificate, sign
 * (a hex SHA-256, never a document) and the transaction status polled until the signer acts.
 * The "phone" is driven by the test: `confirm`, `refuse`, or nothing until the transaction expires.
 * It signs with RSA PKCS#1 v1.5 over the DigestInfo of the hash, as a CA's HSM does for a hash.
 */
import { constants, createPrivateKey, privateEncrypt } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SmartCaAccount {
  userId: string;
  serialNumber: string;
  certificate: Uint8Array;
  chain: readonly Uint8Array[];
  privateKeyPkcs8: Uint8Array;
}

interface Transaction {
  id: string;
  userId: string;
  hashHex: string;
  docId: string;
  state: 'pending' | 'signed' | 'refused' | 'expired';
  expiresAt: number;
  signature?: string;
}

export interface SmartCaStandIn {
  /** Base URL, like https://gwsca.vnpt.vn/sca/sp769. */
  url: string;
  spId: string;
  spPassword: string;
  /** Every JSON body received, to check that no document was sent. */
  readonly requests: Array<{ path: string; body: Record<string, unknown> }>;
  pending(): Transaction[];
  confirm(transactionId: string): void;
  refuse(transactionId: string): void;
  /** What the phone does with every new transaction. */
  autoAnswer: 'confirm' | 'refuse' | 'none';
  close(): Promise<void>;
}

/** DigestInfo prefix for SHA-256 (RFC 8017 §9.2 note 1). */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

export async function startSmartCaStandIn(
  accounts: readonly SmartCaAccount[],
  options: { transactionTtlMs?: number } = {},
): Promise<SmartCaStandIn> {
  const spId = 'mocua-test.apps.signserviceapi.com';
  const spPassword = 'standin-secret';
  const transactions = new Map<string, Transaction>();
  const requests: Array<{ path: string; body: Record<string, unknown> }> = [];
  const ttl = options.transactionTtlMs ?? 5_000;
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

  function sign(tx: Transaction) {
    const account = accounts.find((a) => a.userId === tx.userId);
    if (!account) return;
    const key = createPrivateKey({ key: Buffer.from(account.privateKeyPkcs8), format: 'der', type: 'pkcs8' });
    const digestInfo = Buffer.concat([SHA256_DIGEST_INFO, Buffer.from(tx.hashHex, 'hex')]);
    tx.signature = privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, digestInfo).toString('base64');
    tx.state = 'signed';
  }

  const state: { autoAnswer: SmartCaStandIn['autoAnswer'] } = { autoAnswer: 'none' };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reply = (body: unknown) =>
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        res.writeHead(400).end();
        return;
      }
      const path = (req.url ?? '').replace(/^\/sca\/sp769/u, '');
      requests.push({ path, body });
      if (req.method !== 'POST') {
        res.writeHead(405).end();
        return;
      }
      const status = /^\/v1\/signatures\/sign\/([^/]+)\/status$/u.exec(path);
      if (status) {
        const tx = transactions.get(decodeURIComponent(status[1] ?? ''));
        if (!tx) return reply({ status_code: 404, message: 'TRANSACTION_NOT_FOUND', data: null });
        if (tx.state === 'pending' && Date.now() > tx.expiresAt) tx.state = 'expired';
        if (tx.state === 'signed') {
          return reply({
            status_code: 200,
            message: 'SUCCESS',
            data: {
              transaction_id: tx.id,
              signatures: [{ doc_id: tx.docId, signature_value: tx.signature, timestamp_signature: null }],
            },
          });
        }
        if (tx.state === 'expired') return reply({ status_code: 200, message: 'EXPIRED', data: null });
        if (tx.state === 'refused') return reply({ status_code: 200, message: 'REJECTED', data: null });
        return reply({ status_code: 200, message: 'sig_wait_for_user_confirm', data: { transaction_id: tx.id } });
      }
      if (body.sp_id !== spId || body.sp_password !== spPassword) {
        return reply({ status_code: 401, message: 'UNAUTHORIZED', data: null });
      }
      const account = accounts.find((a) => a.userId === body.user_id);
      if (path === '/v1/credentials/get_certificate') {
        return reply({
          status_code: 200,
          message: 'Success',
          data: {
            user_certificates: account
              ? [
                  {
                    service_type: 'SMARTCA',
                    service_name: 'SMARTCA PERSONAL PRO',
                    cert_status: 'Đang hoạt động',
                    serial_number: account.serialNumber,
                    cert_data: b64(account.certificate),
                    chain_data: { ca_cert: account.chain[0] ? b64(account.chain[0]) : null, root_cert: null },
                    transaction_id: body.transaction_id,
                  },
                ]
              : [],
          },
        });
      }
      if (path === '/v1/signatures/sign') {
        const files = body.sign_files as Array<Record<string, unknown>> | undefined;
        const file = files?.[0];
        const hash = String(file?.data_to_be_signed ?? '');
        if (!account || !/^[0-9a-f]{64}$/u.test(hash) || file?.sign_type !== 'hash') {
          return reply({ status_code: 400, message: 'INVALID_REQUEST', data: null });
        }
        const tx: Transaction = {
          id: String(body.transaction_id),
          userId: account.userId,
          hashHex: hash,
          docId: String(file?.doc_id ?? ''),
          state: 'pending',
          expiresAt: Date.now() + ttl,
        };
        transactions.set(tx.id, tx);
        if (state.autoAnswer === 'confirm') sign(tx);
        if (state.autoAnswer === 'refuse') tx.state = 'refused';
        return reply({
          status_code: 200,
          message: 'sig_wait_for_user_confirm',
          data: { transaction_id: tx.id, tran_code: `tc-${tx.id}` },
        });
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sca/sp769`,
    spId,
    spPassword,
    requests,
    pending: () => [...transactions.values()].filter((t) => t.state === 'pending'),
    confirm: (id) => {
      const tx = transactions.get(id);
      if (tx?.state === 'pending') sign(tx);
    },
    refuse: (id) => {
      const tx = transactions.get(id);
      if (tx?.state === 'pending') tx.state = 'refused';
    },
    get autoAnswer() {
      return state.autoAnswer;
    },
    set autoAnswer(value) {
      state.autoAnswer = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
