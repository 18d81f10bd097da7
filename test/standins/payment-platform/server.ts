/**
 * A local stand-in for the national online payment platform (PP DVCQG, message version 1.0.6,
 * payments-sync-sso.md §2.1), for tests. One node:http server on 127.0.0.1 answers INIT
 * (POST /init), QUERY (POST /query) and GET_BILL (POST /bill) as the platform does: JSON
 * bodies, `MaXacThuc` = SHA-256 hex of the pipe-joined fields with the secret last, answers in
 * the `{error_code, message}` envelope with `message` a JSON string. It checks every field of
 * what the province sends, and it POSTs the result notification (confirm) to the province's
 * endpoint, signed, checking the signature of the province's answer.
 *
 * Hashing is written here apart from src/, so a test proves both sides agree byte for byte.
 */
import { createHash, randomInt } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PDFDocument, StandardFonts } from 'pdf-lib';

const sha = (parts: readonly unknown[], secret: string) =>
  createHash('sha256')
    .update([...parts.map((p) => (p === undefined || p === null ? '' : String(p))), secret].join('|'), 'utf8')
    .digest('hex');

const INIT = [
  'LoaiBanTin',
  'PhienBan',
  'MaDoiTac',
  'MaThamChieu',
  'SoTien',
  'LoaiHinhThanhToan',
  'MaKenhThanhToan',
  'MaThietBi',
  'NgonNgu',
  'MaTienTe',
  'MaNganHang',
  'ThongTinGiaoDich',
  'ThoiGianGD',
  'Ip',
];
const QUERY = ['LoaiBanTin', 'PhienBan', 'MaDoiTac', 'MaThamChieu', 'ThoiGianGD'];
const CONFIRM = [
  'LoaiBanTin',
  'MaLoi',
  'MaDoiTac',
  'MaThamChieu',
  'SoTien',
  'MaTienTe',
  'MaGiaoDich',
  'MaNganHang',
  'ThoiGianGD',
  'ThongTinGiaoDich',
];
const ANSWER = ['MaLoi', 'MaDoiTac', 'MaThamChieu', 'ThoiGianGD'];

export interface PlatformStandInOptions {
  partnerCode?: string;
  secret?: string;
  confirmUrl?: string;
  /** Where the platform's page sends the citizen back (configured for the partner). */
  returnUrl?: string;
}

export interface PlatformOrder {
  reference: string;
  amount: number;
  info: string;
  receipt: Record<string, unknown>;
  /** 3 pending, 1 paid, 4 failed (QUERY TrangThaiGD). */
  state: '1' | '3' | '4';
  transactionNo: string;
  time: string;
}

const vnDate = (at: Date) => new Date(at.getTime() + 7 * 3600_000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
type Body = Record<string, unknown>;

export async function startPlatformStandIn(options: PlatformStandInOptions = {}) {
  const partnerCode = options.partnerCode ?? 'MOCUA08';
  const secret = options.secret ?? 'platform-standin-secret-0001';
  let confirmUrl = options.confirmUrl ?? '';
  const orders = new Map<string, PlatformOrder>();
  const refusals: string[] = [];
  const confirmCalls: Array<{ body: Body; status: number; answer: Body; answerSignatureOk: boolean }> = [];

  const refuse = (why: string) => {
    refusals.push(why);
    return { error_code: '-1', message: why };
  };

  function init(b: Body) {
    if (b.LoaiBanTin !== 'INIT' || b.PhienBan !== '1.0.6') return refuse('LoaiBanTin/PhienBan');
    if (b.MaDoiTac !== partnerCode) return refuse('MaDoiTac');
    if (
      sha(
        INIT.map((f) => b[f]),
        secret,
      ) !== b.MaXacThuc
    )
      return refuse('MaXacThuc');
    if (typeof b.SoTien !== 'string' || !/^[1-9]\d*$/.test(b.SoTien))
      return refuse('SoTien must be whole đồng as a string');
    const fixed: Body = {
      LoaiHinhThanhToan: 'PAY',
      MaKenhThanhToan: '1',
      MaThietBi: '1',
      NgonNgu: 'vi-VN',
      MaTienTe: 'VND',
      MaNganHang: 'PAYMENT',
    };
    for (const [k, v] of Object.entries(fixed)) if (b[k] !== v) return refuse(k);
    if (typeof b.ThoiGianGD !== 'string' || !/^\d{14}$/.test(b.ThoiGianGD)) return refuse('ThoiGianGD');
    if (typeof b.MaThamChieu !== 'string' || !/^[A-Za-z0-9]{1,50}$/.test(b.MaThamChieu)) return refuse('MaThamChieu');
    const r = b.ThongTinBienLai as Body | undefined;
    if (r?.MaDichVu !== '2' || typeof r.MaHoSo !== 'string' || !r.MaHoSo) return refuse('ThongTinBienLai');
    const lines = r.PhiLePhi as Array<Body> | undefined;
    const sum = (lines ?? []).reduce((s, l) => s + Number(l.SoTien), 0);
    if (!Array.isArray(lines) || lines.length === 0 || sum !== Number(b.SoTien))
      return refuse('PhiLePhi must add up to SoTien');
    if (orders.has(b.MaThamChieu)) return refuse('MaThamChieu already used');
    orders.set(b.MaThamChieu, {
      reference: b.MaThamChieu,
      amount: Number(b.SoTien),
      info: String(b.ThongTinGiaoDich ?? ''),
      receipt: r,
      state: '3',
      transactionNo: '',
      time: b.ThoiGianGD,
    });
    return { error_code: '0', message: JSON.stringify({ UrlThanhToan: `${base}/pay/${b.MaThamChieu}` }) };
  }

  function query(b: Body) {
    if ((b.LoaiBanTin !== 'QUERY' && b.LoaiBanTin !== 'GET_BILL') || b.MaDoiTac !== partnerCode)
      return refuse('header');
    if (
      sha(
        QUERY.map((f) => b[f]),
        secret,
      ) !== b.MaXacThuc
    )
      return refuse('MaXacThuc');
    const order = orders.get(String(b.MaThamChieu));
    if (!order) return refuse('MaThamChieu not found');
    return {
      error_code: '0',
      message: JSON.stringify({
        MaLoi: '00',
        MaThamChieu: order.reference,
        TrangThaiGD: order.state,
        MaGiaoDich: order.transactionNo,
        MaNganHang: order.state === '1' ? 'VCB' : '',
        SoTien: order.amount,
        MaTienTe: 'VND',
        ThoiGianGD: order.time,
        ThongTinGiaoDich: order.info,
      }),
    };
  }

  async function bill(b: Body): Promise<Uint8Array | Body> {
    const answer = query({ ...b });
    if (answer.error_code !== '0') return answer;
    const order = orders.get(String(b.MaThamChieu));
    if (order?.state !== '1') return refuse('not paid');
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    pdf.addPage([300, 200]).drawText(`BIEN LAI ${order.reference} ${order.amount}`, { x: 10, y: 100, size: 10, font });
    return pdf.save();
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const path = new URL(req.url ?? '/', 'http://standin').pathname;
        if (req.method === 'GET' && path.startsWith('/pay/')) {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<p>Cổng thanh toán</p>');
          return;
        }
        let body: Body = {};
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Body;
        } catch {
          body = {};
        }
        const handled =
          path === '/init' ? init(body) : path === '/query' ? query(body) : path === '/bill' ? await bill(body) : null;
        if (handled === null) {
          res.writeHead(404).end();
        } else if (handled instanceof Uint8Array) {
          res.writeHead(200, { 'content-type': 'application/pdf' }).end(Buffer.from(handled));
        } else {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(handled));
        }
      })();
    });
  });
  // Longer than undici's keep-alive (4 s): a loaded test machine must not race a closing socket.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    initUrl: `${base}/init`,
    queryUrl: `${base}/query`,
    billUrl: `${base}/bill`,
    partnerCode,
    secret,
    orders,
    refusals,
    confirmCalls,
    setConfirmUrl(url: string) {
      confirmUrl = url;
    },
    /** The citizen pays (or fails) on the platform; it then POSTs the signed result to the province. */
    async pay(reference: string, opts: { success?: boolean; notify?: boolean; badSignature?: boolean } = {}) {
      const order = orders.get(reference);
      if (!order) throw new Error(`stand-in: no order ${reference}`);
      const success = opts.success !== false;
      order.state = success ? '1' : '4';
      order.transactionNo = String(900000 + randomInt(99999));
      order.time = vnDate(new Date());
      if (opts.notify === false) return;
      const body: Body = {
        LoaiBanTin: 'CONFIRM',
        MaLoi: success ? '00' : '99',
        MaDoiTac: partnerCode,
        MaThamChieu: reference,
        SoTien: order.amount,
        MaTienTe: 'VND',
        MaGiaoDich: order.transactionNo,
        MaNganHang: 'VCB',
        ThoiGianGD: order.time,
        ThongTinGiaoDich: order.info,
      };
      body.MaXacThuc = sha(
        CONFIRM.map((f) => body[f]),
        opts.badSignature ? `${secret}x` : secret,
      );
      return this.sendConfirm(body);
    },
    async sendConfirm(body: Body) {
      const response = await fetch(confirmUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const answer = (await response.json()) as Body;
      const answerSignatureOk =
        sha(
          ANSWER.map((f) => answer[f]),
          secret,
        ) === answer.MaXacThuc;
      const call = { body, status: response.status, answer, answerSignatureOk };
      confirmCalls.push(call);
      return call;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type PlatformStandIn = Awaited<ReturnType<typeof startPlatformStandIn>>;
