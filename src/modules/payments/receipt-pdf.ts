/**
 * The e-receipt as PDF (biên lai thu phí, lệ phí điện tử, §2.3): the collecting agency, the
 * receipt number, the payer, the lines (phí and lệ phí apart) and how it was paid. Readable by
 * the applicant and by the staff of the agencies that may read the dossier.
 */
import { desc, eq } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { PdfComposer } from '../../platform/pdf/index.ts';
import { agencyById } from '../directory/index.ts';
import { dossierPaymentFacts } from '../dossiers/index.ts';
import './errors.ts';
import { feeRequests, paymentAttempts, paymentReceipts } from './schema.ts';

const methodLabel: Record<string, string> = {
  vnpay: 'Trực tuyến qua cổng VNPay',
  national_platform: 'Trực tuyến qua Nền tảng thanh toán của Cổng Dịch vụ công quốc gia',
  transfer: 'Chuyển khoản',
  cash: 'Tiền mặt',
  exempt: 'Miễn nộp',
};

export const formatVnd = (amount: number): string => `${amount.toLocaleString('vi-VN')} đồng`;

/** `dd/MM/yyyy HH:mm` in Việt Nam time. */
function shortDateTime(at: Date): string {
  const l = new Date(at.getTime() + 7 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(l.getUTCDate())}/${p(l.getUTCMonth() + 1)}/${l.getUTCFullYear()} ${p(l.getUTCHours())}:${p(l.getUTCMinutes())}`;
}

export async function receiptPdf(db: Executor, caller: Caller, dossierCode: string): Promise<Uint8Array> {
  const facts = await dossierPaymentFacts(db, caller, dossierCode);
  const [found] = await db
    .select({
      receipt: paymentReceipts,
      reference: paymentAttempts.reference,
      transactionNo: paymentAttempts.providerTransactionNo,
    })
    .from(paymentReceipts)
    .innerJoin(feeRequests, eq(feeRequests.id, paymentReceipts.feeRequestId))
    .leftJoin(paymentAttempts, eq(paymentAttempts.id, paymentReceipts.attemptId))
    .where(eq(feeRequests.dossierId, facts.id))
    .orderBy(desc(paymentReceipts.issuedAt))
    .limit(1);
  if (!found) throw new DomainError('PAYMENT_RECEIPT_NOT_ISSUED', { code: dossierCode });
  const { receipt } = found;
  const agency = await agencyById(db, facts.competentAgencyId);
  const doc = new PdfComposer({
    title: `Biên lai thu phí, lệ phí ${receipt.number}`,
    subject: 'Biên lai thu phí, lệ phí điện tử',
    author: agency?.name ?? '',
  });
  doc.nationalHeader({ agency: (agency?.name ?? '').toUpperCase(), reference: `Số: ${receipt.number}` });
  doc.title('BIÊN LAI THU PHÍ, LỆ PHÍ', [{ text: 'Mã hồ sơ: ' }, { text: facts.code, bold: true }]);
  doc.field('Người nộp', receipt.payerName);
  doc.field('Thủ tục', facts.procedureName);
  doc.table({
    columns: [
      { header: 'STT', width: 1, align: 'center' },
      { header: 'Khoản thu', width: 8 },
      { header: 'Loại', width: 2 },
      { header: 'Số tiền (đồng)', width: 3, align: 'right' },
    ],
    rows: receipt.lines.map((line, i) => [
      String(i + 1),
      line.exemption ? `${line.name} (miễn: ${line.exemption})` : line.name,
      line.kind === 'charge' ? 'Lệ phí' : 'Phí',
      line.amount.toLocaleString('vi-VN'),
    ]),
  });
  doc.field('Tổng số tiền', formatVnd(receipt.amount));
  doc.field('Hình thức nộp', methodLabel[receipt.method] ?? receipt.method);
  if (found.reference)
    doc.field('Mã giao dịch', found.transactionNo ? `${found.reference} / ${found.transactionNo}` : found.reference);
  doc.field('Thời điểm nộp', shortDateTime(receipt.issuedAt));
  return doc.save();
}
