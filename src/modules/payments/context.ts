/** What every payments use case runs with: the province, the clock, the links and the providers. */
import type { BlobStore } from '../../platform/storage/index.ts';
import type { PaymentProviders } from './provider.ts';
import type { VietQrAccount } from './vietqr.ts';

export interface PaymentContext {
  provinceCode: string;
  /** Base of the return URLs and the links on the fee notice. */
  publicUrl: string;
  now?: Date;
  providers: PaymentProviders;
  /** Where the national platform's own receipts (GET_BILL PDFs) are kept beside ours. */
  blobs?: BlobStore | undefined;
  /** The account that collects fees by transfer; absent: no VietQR code is shown. */
  vietqr?: VietQrAccount | undefined;
}

export const nowOf = (ctx: PaymentContext): Date => ctx.now ?? new Date();
