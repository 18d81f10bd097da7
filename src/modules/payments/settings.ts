/**
 * The payment providers this deployment offers, from the configuration (docs/integrations.md
 * "Payments"). Stateless clients, built on demand from the settings; a provider is offered
 * only when all its settings are present.
 */
import type { Config } from '../../platform/config.ts';
import type { Services } from '../../platform/services.ts';
import type { PaymentContext } from './context.ts';
import { createPlatformProvider, type PlatformProvider } from './platform-provider.ts';
import type { PaymentProviders } from './provider.ts';
import { createVnpayProvider } from './vnpay-provider.ts';

export function vnpaySettingsOf(config: Config) {
  if (!config.vnpayTmnCode || !config.vnpayHashSecret) return null;
  return {
    tmnCode: config.vnpayTmnCode,
    hashSecret: config.vnpayHashSecret,
    payUrl: config.vnpayPayUrl,
    apiUrl: config.vnpayApiUrl,
    serverIp: config.paymentServerIp,
  };
}

export function platformSettingsOf(config: Config) {
  const { paymentPlatformInitUrl: initUrl, paymentPlatformQueryUrl: queryUrl } = config;
  const { paymentPlatformPartnerCode: partnerCode, paymentPlatformSecret: secret } = config;
  if (!initUrl || !queryUrl || !partnerCode || !secret) return null;
  const beneficiary =
    config.vietqrAccountNumber && config.vietqrBankBin
      ? { account: config.vietqrAccountNumber, bankCode: config.vietqrBankBin, name: config.vietqrAccountName ?? '' }
      : undefined;
  return {
    initUrl,
    queryUrl,
    billUrl: config.paymentPlatformBillUrl,
    partnerCode,
    secret,
    token: config.paymentPlatformToken,
    beneficiary,
  };
}

function paymentProvidersOf(config: Config): PaymentProviders & { national_platform?: PlatformProvider } {
  const vnpay = vnpaySettingsOf(config);
  const platform = platformSettingsOf(config);
  return {
    ...(vnpay ? { vnpay: createVnpayProvider(vnpay) } : {}),
    ...(platform ? { national_platform: createPlatformProvider(platform) } : {}),
  };
}

export function paymentContextOf(config: Config, services: Services, now?: Date): PaymentContext {
  return {
    provinceCode: config.provinceCode,
    publicUrl: services.publicUrl,
    providers: paymentProvidersOf(config),
    blobs: services.blobs,
    ...(now ? { now } : {}),
    vietqr:
      config.vietqrBankBin && config.vietqrAccountNumber
        ? {
            bankBin: config.vietqrBankBin,
            accountNumber: config.vietqrAccountNumber,
            accountName: config.vietqrAccountName,
          }
        : undefined,
  };
}
