/**
 * Remote signing through VNPT SmartCA (the "SP769" service-provider API): the signer's key stays
 * with the CA; we send only the SHA-256 of what is to be signed (hex), the signer confirms on the
 * SmartCA phone app, and we poll the transaction until it is signed, refused or expired. The
 * document itself never leaves the platform.
 *
 *   POST {base}/v1/credentials/get_certificate  {sp_id, sp_password, user_id, serial_number?, transaction_id}
 *   POST {base}/v1/signatures/sign              {sp_id, sp_password, user_id, transaction_id, transaction_desc,
 *                                                serial_number, sign_files:[{file_type, data_to_be_signed, doc_id, sign_type:"hash"}]}
 *        → {status_code:200, message:"sig_wait_for_user_confirm", data:{transaction_id, tran_code}}
 *   POST {base}/v1/signatures/sign/{transaction_id}/status
 *        → message "SUCCESS" with data.signatures[].signature_value (base64), or "EXPIRED", "REJECTED", or still waiting.
 *
 * The stand-in test/standins/smartca/server.ts answers the same requests.
 */
import { createHash, randomUUID } from 'node:crypto';
import { DomainError } from './errors.ts';
import type { Signer, SignerKeyType } from './signer.ts';

export interface SmartCaOptions {
  /** e.g. https://gwsca.vnpt.vn/sca/sp769 (production) or https://rmgateway.vnptit.vn/sca/sp769 (UAT). */
  baseUrl: string;
  spId: string;
  spPassword: string;
  /** The signer's SmartCA account: the number of their citizen identity card. */
  userId: string;
  /** The certificate to use when the account holds several. */
  serialNumber?: string;
  /** Shown on the signer's phone, e.g. "Ký kết quả hồ sơ 000.00.04.H08-…". */
  description?: string;
  pollIntervalMs?: number;
  /** How long to wait for the signer's confirmation; VNPT's samples wait 4 minutes. */
  timeoutMs?: number;
}

interface SmartCaAnswer {
  status_code?: number;
  message?: string;
  data?: Record<string, unknown> | null;
}

async function post(url: string, body: unknown): Promise<SmartCaAnswer> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new DomainError('SIGNING_REMOTE_UNAVAILABLE', { reason: String(error) });
  }
  const text = await response.text();
  try {
    return JSON.parse(text) as SmartCaAnswer;
  } catch {
    throw new DomainError('SIGNING_REMOTE_UNAVAILABLE', { reason: `HTTP ${response.status}, not JSON` });
  }
}

interface UserCertificate {
  serial_number?: string;
  cert_data?: string;
  chain_data?: { ca_cert?: string; root_cert?: string };
  cert_status?: string;
}

const b64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

/** Reads the signer's certificate from SmartCA and returns a Signer that asks them to confirm each signature. */
export async function createSmartCaSigner(options: SmartCaOptions): Promise<Signer & { lastTransactionId?: string }> {
  const credentials = { sp_id: options.spId, sp_password: options.spPassword, user_id: options.userId };
  const answer = await post(`${options.baseUrl}/v1/credentials/get_certificate`, {
    ...credentials,
    serial_number: options.serialNumber ?? '',
    transaction_id: randomUUID(),
  });
  const list = (answer.data?.user_certificates ?? []) as UserCertificate[];
  const chosen = list.find((c) => !options.serialNumber || c.serial_number === options.serialNumber);
  if (answer.status_code !== 200 || !chosen?.cert_data) {
    throw new DomainError('SIGNING_REMOTE_UNAVAILABLE', { reason: answer.message ?? 'no certificate' });
  }
  const certificate = b64(chosen.cert_data);
  const chain = [chosen.chain_data?.ca_cert, chosen.chain_data?.root_cert]
    .filter((c): c is string => Boolean(c))
    .map(b64);
  const keyType: SignerKeyType = isEcCertificate(certificate) ? 'ec' : 'rsa';
  const serialNumber = chosen.serial_number;
  const signer: Signer & { lastTransactionId?: string } = {
    certificate,
    certificateChain: chain,
    keyType,
    async sign(data) {
      const transactionId = randomUUID();
      signer.lastTransactionId = transactionId;
      const started = await post(`${options.baseUrl}/v1/signatures/sign`, {
        ...credentials,
        transaction_id: transactionId,
        transaction_desc: options.description ?? 'Ký số tài liệu',
        serial_number: serialNumber,
        sign_files: [
          {
            file_type: 'pdf',
            data_to_be_signed: createHash('sha256').update(data).digest('hex'),
            doc_id: transactionId,
            sign_type: 'hash',
          },
        ],
      });
      if (started.status_code !== 200) {
        throw new DomainError('SIGNING_REMOTE_UNAVAILABLE', { reason: started.message ?? 'sign refused' });
      }
      const deadline = Date.now() + (options.timeoutMs ?? 240_000);
      for (;;) {
        const status = await post(`${options.baseUrl}/v1/signatures/sign/${transactionId}/status`, {});
        const message = (status.message ?? '').toUpperCase();
        if (message === 'SUCCESS') {
          const signatures = (status.data?.signatures ?? []) as Array<{ signature_value?: string }>;
          const value = signatures[0]?.signature_value;
          if (!value) throw new DomainError('SIGNING_REMOTE_UNAVAILABLE', { reason: 'no signature_value' });
          return b64(value);
        }
        if (message === 'EXPIRED') throw new DomainError('SIGNING_REMOTE_EXPIRED');
        if (message === 'REJECTED' || message === 'REFUSED' || message === 'CANCELED') {
          throw new DomainError('SIGNING_REMOTE_REFUSED');
        }
        if (Date.now() >= deadline) throw new DomainError('SIGNING_REMOTE_EXPIRED');
        await new Promise((resolve) => setTimeout(resolve, options.pollIntervalMs ?? 10_000));
      }
    },
  };
  return signer;
}

/** id-ecPublicKey (1.2.840.10045.2.1) in the certificate's SubjectPublicKeyInfo. */
function isEcCertificate(der: Uint8Array): boolean {
  return Buffer.from(der).includes(Buffer.from([0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01]));
}
