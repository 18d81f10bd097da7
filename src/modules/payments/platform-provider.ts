/**
 * The national payment platform (PP DVCQG, §2.1) behind the PaymentProvider interface: INIT
 * creates the transaction and gives the page to send the citizen to, QUERY looks it up,
 * GET_BILL fetches the platform's own e-receipt PDF. The platform has no refund message in
 * the sources: a refund is asked for outside the system (`refund` says so).
 */

import {
  initChecksumFields,
  maXacThuc,
  PLATFORM_VERSION,
  platformStateOf,
  queryChecksumFields,
} from './platform-protocol.ts';
import type { AttemptAtProvider, LookedUpPayment, PaymentProvider, RefundOutcome, StartPayment } from './provider.ts';
import { ProviderError } from './provider.ts';
import { parseVnpayDate, vnpayDate, vnpaySafeText } from './vnpay-protocol.ts';

export interface PlatformSettings {
  initUrl: string;
  queryUrl: string;
  billUrl?: string | undefined;
  partnerCode: string;
  secret: string;
  /** Bearer token of the LGSP or gateway in front of the platform. */
  token?: string | undefined;
  /** The collecting account printed on the platform's receipt (TKThuHuong …). */
  beneficiary?: { account: string; bankCode: string; name: string } | undefined;
}

/** `{error_code, message}` where `message` is a JSON string (§2.1 INIT response); QUERY may answer flat [I]. */
function unwrap(answer: unknown): Record<string, unknown> {
  if (typeof answer !== 'object' || answer === null) throw new ProviderError('national_platform', 'not a JSON object');
  const envelope = answer as Record<string, unknown>;
  if (!('error_code' in envelope)) return envelope;
  if (String(envelope.error_code) !== '0') {
    throw new ProviderError('national_platform', `refused with error_code ${String(envelope.error_code)}`);
  }
  const message = envelope.message;
  if (typeof message === 'string') {
    try {
      const inner: unknown = JSON.parse(message);
      if (typeof inner === 'object' && inner !== null) return inner as Record<string, unknown>;
    } catch {
      throw new ProviderError('national_platform', 'message is not JSON');
    }
  }
  if (typeof message === 'object' && message !== null) return message as Record<string, unknown>;
  throw new ProviderError('national_platform', 'answer has no message');
}

export interface PlatformProvider extends PaymentProvider {
  /** GET_BILL: the platform's e-receipt as PDF bytes. */
  fetchBill(reference: string, now: Date): Promise<Uint8Array>;
}

export function createPlatformProvider(settings: PlatformSettings, fetchFn: typeof fetch = fetch): PlatformProvider {
  async function post(url: string, body: Record<string, unknown>): Promise<Response> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (settings.token) headers.authorization = `Bearer ${settings.token}`;
    const response = await fetchFn(url, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    if (!response.ok) throw new ProviderError('national_platform', `HTTP ${response.status}`);
    return response;
  }

  const queryBody = (type: 'QUERY' | 'GET_BILL', reference: string, now: Date) => {
    const body: Record<string, string> = {
      LoaiBanTin: type,
      PhienBan: PLATFORM_VERSION,
      MaDoiTac: settings.partnerCode,
      MaThamChieu: reference,
      // yyyyMMddHHmmss with a 24-hour HH (T1's `hh` is a bug, §2.1 "Quirk").
      ThoiGianGD: vnpayDate(now),
    };
    body.MaXacThuc = maXacThuc(queryChecksumFields, body, settings.secret);
    return body;
  };

  return {
    name: 'national_platform',

    async start(input: StartPayment) {
      const time = vnpayDate(input.now);
      const r = input.receipt;
      const body: Record<string, unknown> = {
        LoaiBanTin: 'INIT',
        PhienBan: PLATFORM_VERSION,
        MaDoiTac: settings.partnerCode,
        MaThamChieu: input.reference,
        SoTien: String(input.amount),
        LoaiHinhThanhToan: 'PAY',
        MaKenhThanhToan: '1',
        MaThietBi: '1',
        NgonNgu: 'vi-VN',
        MaTienTe: 'VND',
        MaNganHang: 'PAYMENT',
        ThongTinGiaoDich: vnpaySafeText(input.orderInfo).toUpperCase(),
        ThoiGianGD: time,
        Ip: input.clientIp,
      };
      body.MaXacThuc = maXacThuc(initChecksumFields, body, settings.secret);
      body.ThongTinBienLai = {
        MaDichVu: '2',
        MaDVC: r.procedureCode ? `${r.procedureCode}.01` : '',
        TenDVC: r.procedureName,
        MaTTHC: r.procedureCode ?? '',
        TenTTHC: r.procedureName,
        MaDonVi: r.agencyCode,
        TenDonVi: r.agencyName,
        MaHoSo: r.dossierCode,
        TKThuHuong: settings.beneficiary?.account ?? '',
        MaNHThuHuong: settings.beneficiary?.bankCode ?? '',
        TenTKThuHuong: settings.beneficiary?.name ?? '',
        NoiDungThanhToan: `Nộp phí, lệ phí hồ sơ ${r.dossierCode}`,
        HoTenNguoiNop: r.payerName,
        PhiLePhi: r.lines.map((line, i) => ({
          LoaiPhiLePhi: line.kind === 'fee' ? '1' : '2',
          MaPhiLePhi: String(i + 1),
          TenPhiLePhi: line.name,
          SoTien: line.amount,
        })),
        DSKhoanNop: r.lines.map((line) => ({ NoiDung: line.name, SoTien: line.amount })),
      };
      const answer = unwrap(await (await post(settings.initUrl, body)).json());
      const url = answer.UrlThanhToan;
      if (typeof url !== 'string' || !/^https?:\/\//.test(url)) {
        throw new ProviderError('national_platform', 'INIT answer has no UrlThanhToan');
      }
      return { redirectUrl: url, providerCreateDate: time };
    },

    async lookUp(attempt: AttemptAtProvider, now: Date): Promise<LookedUpPayment> {
      const answer = unwrap(await (await post(settings.queryUrl, queryBody('QUERY', attempt.reference, now))).json());
      if (answer.MaThamChieu !== undefined && answer.MaThamChieu !== attempt.reference) {
        throw new ProviderError('national_platform', 'answer is about another order');
      }
      const state = platformStateOf(answer.TrangThaiGD);
      const paidAt = parseVnpayDate(typeof answer.ThoiGianGD === 'string' ? answer.ThoiGianGD : undefined);
      return {
        state,
        code: String(answer.TrangThaiGD ?? ''),
        ...(answer.SoTien !== undefined ? { amount: Number(answer.SoTien) } : {}),
        ...(typeof answer.MaGiaoDich === 'string' ? { transactionNo: answer.MaGiaoDich } : {}),
        ...(typeof answer.MaNganHang === 'string' ? { bankCode: answer.MaNganHang } : {}),
        ...(state === 'paid' && paidAt ? { paidAt } : {}),
      };
    },

    async refund(): Promise<RefundOutcome> {
      // §2.1 lists no refund message: the treasury refunds on the agency's written request.
      return { state: 'requested', code: 'manual' };
    },

    async fetchBill(reference: string, now: Date): Promise<Uint8Array> {
      if (!settings.billUrl) throw new ProviderError('national_platform', 'PAYMENT_PLATFORM_BILL_URL is not set');
      const response = await post(settings.billUrl, queryBody('GET_BILL', reference, now));
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (Buffer.from(bytes.subarray(0, 5)).toString('latin1') !== '%PDF-') {
        throw new ProviderError('national_platform', 'GET_BILL did not answer a PDF');
      }
      return bytes;
    },
  };
}
