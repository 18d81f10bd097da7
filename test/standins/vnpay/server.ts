/**
 * A local stand-in for VNPay API 2.1.0 (payments-sync-sso.md §1), for tests. One node:http
 * server on 127.0.0.1 plays the payment page (GET /paymentv2/vpcpay.html) and merchant_webapi
 * (POST /merchant_webapi/api/transaction: querydr and refund). It checks what the merchant
 * sends as VNPay does (the signature over the sorted, form-encoded parameters; the pipe-joined
 * signatures of querydr and refund; the required fields and their formats), and it signs and
 * calls back as VNPay does: the IPN is an HTTP GET on the IPN URL configured for the terminal,
 * with the same `vnp_*` query as the Return URL, answered with `{"RspCode","Message"}`.
 *
 * The encoder and the hashing here are written apart from src/ (Java's URLEncoder rules, which
 * VNPay's servers follow), so a test proves the two sides agree byte for byte.
 */
import { createHmac, randomInt } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** java.net.URLEncoder: keeps A-Z a-z 0-9 . - * _, space → +, the rest %XX (upper case) of UTF-8. */
function javaUrlEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if (/[A-Za-z0-9.\-*_]/.test(ch)) out += ch;
    else if (ch === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const hmac = (secret: string, data: string) => createHmac('sha512', secret).update(data, 'utf8').digest('hex');

/** What VNPay hashes: vnp_* fields but the hash, non-empty, sorted by name, key=value joined by &. */
function hashData(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k.startsWith('vnp_') && k !== 'vnp_SecureHash' && k !== 'vnp_SecureHashType' && params[k] !== '')
    .sort()
    .map((k) => `${javaUrlEncode(k)}=${javaUrlEncode(params[k] ?? '')}`)
    .join('&');
}

export interface VnpayStandInOptions {
  tmnCode?: string;
  hashSecret?: string;
  /** The IPN URL the province registered for the terminal (§1.1: not a request parameter). */
  ipnUrl?: string;
}

export interface StandInOrder {
  txnRef: string;
  amount100: string;
  orderInfo: string;
  createDate: string;
  returnUrl: string;
  /** 01 until paid; 00 paid; 02 failed; 02 after a cancel too (§1.6). */
  status: string;
  responseCode: string;
  transactionNo: string;
  bankCode: string;
  payDate: string;
  refunded: boolean;
}

export interface PayOptions {
  outcome?: 'success' | 'cancel' | 'insufficient';
  /** Send the IPN (default true): false plays the IPN that never arrives. */
  ipn?: boolean;
  /** Another amount (×100 string) signed by VNPay; or a broken signature, as a forger's. */
  tamper?: { amount100?: string; badSignature?: boolean };
  at?: Date;
}

export interface IpnCall {
  query: string;
  status: number;
  answer: unknown;
}

const vnDate = (at: Date) => {
  const l = new Date(at.getTime() + 7 * 3600_000);
  return l.toISOString().replace(/[-:T]/g, '').slice(0, 14);
};

const REQUIRED_PAY = [
  'vnp_Version',
  'vnp_Command',
  'vnp_TmnCode',
  'vnp_Amount',
  'vnp_CreateDate',
  'vnp_CurrCode',
  'vnp_IpAddr',
  'vnp_Locale',
  'vnp_OrderInfo',
  'vnp_OrderType',
  'vnp_ReturnUrl',
  'vnp_ExpireDate',
  'vnp_TxnRef',
  'vnp_SecureHash',
];

export async function startVnpayStandIn(options: VnpayStandInOptions = {}) {
  const tmnCode = options.tmnCode ?? 'MOCUA001';
  const hashSecret = options.hashSecret ?? 'STANDINSECRETKEYFORVNPAYTESTS0001';
  let ipnUrl = options.ipnUrl ?? '';
  const orders = new Map<string, StandInOrder>();
  const payPageErrors: string[] = [];
  const ipnCalls: IpnCall[] = [];
  const apiCalls: Array<Record<string, string>> = [];

  function checkPay(params: Record<string, string>): string | null {
    for (const key of REQUIRED_PAY) if (!params[key]) return `missing ${key}`;
    if (params.vnp_SecureHashType) return 'vnp_SecureHashType is not sent in 2.1.0';
    if (params.vnp_Version !== '2.1.0' || params.vnp_Command !== 'pay') return 'version/command';
    if (params.vnp_TmnCode !== tmnCode) return 'code 02: unknown terminal';
    if (!/^\d{1,12}$/.test(params.vnp_Amount ?? '') || !(params.vnp_Amount ?? '').endsWith('00')) return 'amount';
    if (params.vnp_CurrCode !== 'VND') return 'currency';
    if (!/^\d{14}$/.test(params.vnp_CreateDate ?? '') || !/^\d{14}$/.test(params.vnp_ExpireDate ?? '')) return 'dates';
    if (!['vn', 'en'].includes(params.vnp_Locale ?? '')) return 'locale';
    if (!/^[\x20-\x7e]{1,255}$/.test(params.vnp_OrderInfo ?? '')) return 'order info must be ASCII without diacritics';
    if (!/^[A-Za-z0-9]{1,100}$/.test(params.vnp_TxnRef ?? '')) return 'txn ref';
    if (!/^https?:\/\//.test(params.vnp_ReturnUrl ?? '')) return 'return url';
    if (hmac(hashSecret, hashData(params)) !== (params.vnp_SecureHash ?? '').toLowerCase()) return 'code 97: checksum';
    return null;
  }

  const pipe = (fields: string[], values: Record<string, string | undefined>) =>
    hmac(hashSecret, fields.map((f) => values[f] ?? '').join('|'));

  function api(body: Record<string, string>): Record<string, string> {
    apiCalls.push(body);
    const command = body.vnp_Command;
    const reqFields =
      command === 'querydr'
        ? [
            'vnp_RequestId',
            'vnp_Version',
            'vnp_Command',
            'vnp_TmnCode',
            'vnp_TxnRef',
            'vnp_TransactionDate',
            'vnp_CreateDate',
            'vnp_IpAddr',
            'vnp_OrderInfo',
          ]
        : [
            'vnp_RequestId',
            'vnp_Version',
            'vnp_Command',
            'vnp_TmnCode',
            'vnp_TransactionType',
            'vnp_TxnRef',
            'vnp_Amount',
            'vnp_TransactionNo',
            'vnp_TransactionDate',
            'vnp_CreateBy',
            'vnp_CreateDate',
            'vnp_IpAddr',
            'vnp_OrderInfo',
          ];
    const responseId = String(randomInt(1e9));
    if (command !== 'querydr' && command !== 'refund')
      return { vnp_ResponseId: responseId, vnp_ResponseCode: '03', vnp_Message: 'Invalid command' };
    if (body.vnp_TmnCode !== tmnCode)
      return { vnp_ResponseId: responseId, vnp_ResponseCode: '02', vnp_Message: 'Invalid TmnCode' };
    if (pipe(reqFields, body) !== body.vnp_SecureHash)
      return { vnp_ResponseId: responseId, vnp_ResponseCode: '97', vnp_Message: 'Invalid Checksum' };
    const order = orders.get(body.vnp_TxnRef ?? '');
    if (!order || order.createDate !== body.vnp_TransactionDate) {
      return { vnp_ResponseId: responseId, vnp_ResponseCode: '91', vnp_Message: 'Not found' };
    }
    if (command === 'refund') {
      if (order.status !== '00')
        return { vnp_ResponseId: responseId, vnp_ResponseCode: '95', vnp_Message: 'Transaction failed' };
      if (order.refunded)
        return { vnp_ResponseId: responseId, vnp_ResponseCode: '94', vnp_Message: 'Refund in progress' };
      if (body.vnp_Amount !== order.amount100 || body.vnp_TransactionNo !== order.transactionNo) {
        return { vnp_ResponseId: responseId, vnp_ResponseCode: '03', vnp_Message: 'Invalid amount or transaction' };
      }
      order.refunded = true;
    }
    const answer: Record<string, string> = {
      vnp_ResponseId: responseId,
      vnp_Command: command,
      vnp_ResponseCode: '00',
      vnp_Message: command === 'querydr' ? 'QueryDR Success' : 'Refund success',
      vnp_TmnCode: tmnCode,
      vnp_TxnRef: order.txnRef,
      vnp_Amount: order.amount100,
      vnp_BankCode: order.bankCode,
      vnp_PayDate: order.payDate,
      vnp_TransactionNo: order.transactionNo,
      vnp_TransactionType: command === 'querydr' ? '01' : '02',
      vnp_TransactionStatus: command === 'querydr' ? order.status : '05',
      vnp_OrderInfo: order.orderInfo,
    };
    const fields = Object.keys(answer);
    if (command === 'querydr') {
      answer.vnp_PromotionCode = '';
      answer.vnp_PromotionAmount = '';
      fields.push('vnp_PromotionCode', 'vnp_PromotionAmount');
    }
    answer.vnp_SecureHash = pipe(fields, answer);
    return answer;
  }

  /** Sends (or re-sends: duplicates, late arrivals) an IPN with the given query. */
  async function sendIpn(query: string): Promise<IpnCall> {
    if (!ipnUrl) throw new Error('stand-in: no IPN URL configured');
    const response = await fetch(`${ipnUrl}?${query}`, { method: 'GET' });
    const text = await response.text();
    let answer: unknown = text;
    try {
      answer = JSON.parse(text);
    } catch {
      // kept as text: VNPay logs whatever comes back and retries
    }
    const call = { query, status: response.status, answer };
    ipnCalls.push(call);
    return call;
  }

  /** The citizen finishes (or cancels) on VNPay's page; returns the Return URL the browser goes to. */
  async function finish(txnRef: string, opts: PayOptions = {}): Promise<string> {
    const order = orders.get(txnRef);
    if (!order) throw new Error(`stand-in: no order ${txnRef} (was the payment page opened?)`);
    const outcome = opts.outcome ?? 'success';
    order.transactionNo = String(14000000 + randomInt(1e6));
    order.bankCode = 'NCB';
    order.payDate = vnDate(opts.at ?? new Date());
    order.responseCode = outcome === 'success' ? '00' : outcome === 'cancel' ? '24' : '51';
    order.status = outcome === 'success' ? '00' : '02';
    const query = resultParams(order, opts.tamper);
    if (opts.ipn !== false) await sendIpn(query);
    return `${order.returnUrl}?${query}`;
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://standin');
    if (req.method === 'GET' && url.pathname === '/paymentv2/vpcpay.html') {
      const params = Object.fromEntries(url.searchParams);
      const problem = checkPay(params);
      if (problem) {
        payPageErrors.push(problem);
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(`<html><body><p id="error">${problem}</p></body></html>`);
        return;
      }
      const ref = params.vnp_TxnRef ?? '';
      if (!orders.has(ref)) {
        orders.set(ref, {
          txnRef: ref,
          amount100: params.vnp_Amount ?? '',
          orderInfo: params.vnp_OrderInfo ?? '',
          createDate: params.vnp_CreateDate ?? '',
          returnUrl: params.vnp_ReturnUrl ?? '',
          status: '01',
          responseCode: '',
          transactionNo: '',
          bankCode: '',
          payDate: '',
          refunded: false,
        });
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      // The customer finishes here, as on VNPay's page: the buttons post back to the stand-in,
      // which sends the IPN and then sends the browser to the Return URL.
      const amount = Number(params.vnp_Amount ?? '0') / 100;
      res.end(
        `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>VNPay (stand-in)</title></head><body><main>` +
          `<h1>Cổng thanh toán VNPay (stand-in)</h1><p>Đơn hàng <span id="order">${ref}</span>: ${amount} VND</p>` +
          `<form method="post" action="/paymentv2/ket-thuc"><input type="hidden" name="ref" value="${ref}">` +
          `<button name="outcome" value="success">Thanh toán</button> <button name="outcome" value="cancel">Hủy giao dịch</button></form></main></body></html>`,
      );
      return;
    }
    if (req.method === 'POST' && url.pathname === '/paymentv2/ket-thuc') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const form = new URLSearchParams(Buffer.concat(chunks).toString());
        const outcome = form.get('outcome') === 'cancel' ? 'cancel' : 'success';
        finish(form.get('ref') ?? '', { outcome })
          .then((returnUrl) => {
            res.writeHead(302, { location: returnUrl });
            res.end();
          })
          .catch((err: unknown) => {
            res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
            res.end(err instanceof Error ? err.message : String(err));
          });
      });
      return;
    }
    if (req.method === 'POST' && url.pathname === '/merchant_webapi/api/transaction') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        let body: Record<string, string> = {};
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, string>;
        } catch {
          body = {};
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(api(body)));
      });
      return;
    }
    res.writeHead(404).end();
  });
  // Longer than undici's keep-alive (4 s): a loaded test machine must not race a closing socket.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  /** The Return URL / IPN parameters VNPay sends for an order (§1.4), signed. */
  function resultParams(order: StandInOrder, tamper: PayOptions['tamper'] = {}): string {
    const params: Record<string, string> = {
      vnp_Amount: tamper.amount100 ?? order.amount100,
      vnp_BankCode: order.bankCode,
      vnp_BankTranNo: order.status === '00' ? `VNP${order.transactionNo}` : '',
      vnp_CardType: 'ATM',
      vnp_OrderInfo: order.orderInfo,
      vnp_PayDate: order.payDate,
      vnp_ResponseCode: order.responseCode,
      vnp_TmnCode: tmnCode,
      vnp_TransactionNo: order.transactionNo,
      vnp_TransactionStatus: order.status,
      vnp_TxnRef: order.txnRef,
    };
    // Signed as sent: a different amount is VNPay reporting another amount (RspCode 04 case).
    let hash = hmac(hashSecret, hashData(params));
    if (tamper.badSignature) hash = hash.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    return `${hashData(params)}&vnp_SecureHash=${hash}`;
  }

  return {
    url: base,
    payUrl: `${base}/paymentv2/vpcpay.html`,
    apiUrl: `${base}/merchant_webapi/api/transaction`,
    tmnCode,
    hashSecret,
    orders,
    payPageErrors,
    ipnCalls,
    apiCalls,
    setIpnUrl(url: string) {
      ipnUrl = url;
    },
    /** The citizen finishes (or cancels) on VNPay's page; returns the Return URL the browser goes to. */
    pay: finish,
    sendIpn,
    resultQuery(txnRef: string, tamper?: PayOptions['tamper']): string {
      const order = orders.get(txnRef);
      if (!order) throw new Error(`stand-in: no order ${txnRef}`);
      return resultParams(order, tamper);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type VnpayStandIn = Awaited<ReturnType<typeof startVnpayStandIn>>;
