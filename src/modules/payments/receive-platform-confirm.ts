/**
 * The national payment platform's result notification (§2.1 "Result notification"): its
 * MaXacThuc is checked (OpenCPS left this commented out; we do not), then the reference, the
 * amount and the pending state, as for VNPay. The answer carries our own MaXacThuc.
 */
import type { Executor } from '../../platform/db/index.ts';
import type { PaymentContext } from './context.ts';
import { checkMaXacThuc, confirmAnswerChecksumFields, confirmChecksumFields, maXacThuc } from './platform-protocol.ts';
import { settleAttempt } from './settle-attempt.ts';
import { parseVnpayDate } from './vnpay-protocol.ts';

export interface PlatformConfirmAnswer {
  MaLoi: string;
  MoTaLoi: string;
  MaDoiTac: string;
  MaThamChieu: string;
  ThoiGianGD: string;
  MaXacThuc: string;
}

const messages: Record<string, string> = {
  '00': 'Thành công',
  '01': 'Không tìm thấy giao dịch',
  '02': 'Giao dịch đã được xác nhận trước đó',
  '04': 'Số tiền không khớp',
  '97': 'Sai mã xác thực',
  '99': 'Các lỗi khác',
};

export async function receivePlatformConfirm(
  db: Executor,
  body: Readonly<Record<string, unknown>>,
  settings: { partnerCode: string; secret: string },
  ctx: PaymentContext,
): Promise<PlatformConfirmAnswer> {
  const text = (key: string) =>
    typeof body[key] === 'string' || typeof body[key] === 'number' ? String(body[key]) : '';
  const answer = (code: string): PlatformConfirmAnswer => {
    const values = {
      MaLoi: code,
      MaDoiTac: settings.partnerCode,
      MaThamChieu: text('MaThamChieu'),
      ThoiGianGD: text('ThoiGianGD'),
    };
    return {
      ...values,
      MoTaLoi: messages[code] ?? messages['99'] ?? '',
      MaXacThuc: maXacThuc(confirmAnswerChecksumFields, values, settings.secret),
    };
  };
  if (!checkMaXacThuc(confirmChecksumFields, body, settings.secret)) return answer('97');
  if (text('MaDoiTac') !== settings.partnerCode || text('MaThamChieu') === '') return answer('01');
  const amount = Number(text('SoTien'));
  if (!Number.isSafeInteger(amount) || amount <= 0 || text('MaTienTe') !== 'VND') return answer('04');
  const outcome = await settleAttempt(
    db,
    {
      reference: text('MaThamChieu'),
      paid: text('MaLoi') === '00',
      amount,
      code: text('MaLoi'),
      transactionNo: text('MaGiaoDich') || undefined,
      bankCode: text('MaNganHang') || undefined,
      paidAt: parseVnpayDate(text('ThoiGianGD')) ?? undefined,
    },
    'notification',
    ctx,
  );
  return answer(
    outcome === 'recorded' ? '00' : outcome === 'not_found' ? '01' : outcome === 'amount_mismatch' ? '04' : '02',
  );
}
