/**
 * The VietQR transfer code (NAPAS EMVCo, built by the `vietnam-qr-pay` package) printed on the
 * fee notice and shown on the counter screen: the collecting account, the amount and a transfer
 * note naming the dossier, so the officer can match the transfer on the statement.
 */
import QRCode from 'qrcode';
import { QRPay } from 'vietnam-qr-pay';
import { vnpaySafeText } from './vnpay-protocol.ts';

export interface VietQrAccount {
  bankBin: string;
  accountNumber: string;
  accountName?: string | undefined;
}

/** The transfer note: ASCII (banking apps drop diacritics) with the whole dossier code, which the officer matches. */
export const transferNote = (dossierCode: string): string => vnpaySafeText(`HS ${dossierCode}`, 50);

/** The EMVCo payload string of a dynamic VietQR (initiation method 12: an amount is set). */
export function vietQrPayload(account: VietQrAccount, amount: number, dossierCode: string): string {
  const qr = QRPay.initVietQR({
    bankBin: account.bankBin,
    bankNumber: account.accountNumber,
    amount: String(amount),
    purpose: transferNote(dossierCode),
  });
  return qr.build();
}

/** The code as an SVG image for the pages. */
export function vietQrSvg(payload: string): Promise<string> {
  return QRCode.toString(payload, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
