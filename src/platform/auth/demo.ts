/**
 * Where demo accounts (one published password for every demo officer) may exist (issue 11,
 * finding 3). Only the embedded PGlite demo on a plain-http address seeds them by default: it
 * is the two-command demo on one's own computer. PostgreSQL or an https PUBLIC_URL means a
 * deployment others reach; demo accounts appear there only with SEED_DEMO=true, must change
 * their password at first sign-in, and the server warns at every start.
 */
import type { Config } from '../config.ts';

export type DemoMode = 'embedded' | 'explicit' | 'none';

export function demoMode(config: Pick<Config, 'seedDemo' | 'databaseUrl' | 'publicUrl'>): DemoMode {
  if (config.seedDemo === false) return 'none';
  const reachable = config.databaseUrl !== undefined || (config.publicUrl?.startsWith('https:') ?? false);
  if (!reachable) return 'embedded';
  return config.seedDemo === true ? 'explicit' : 'none';
}

/** The loud warning printed at every start of a reachable deployment that seeds demo accounts. */
export const DEMO_WARNING = [
  '',
  '!!! CẢNH BÁO / WARNING: SEED_DEMO=true trên một hệ thống có thể truy cập từ bên ngoài.',
  '!!! Tài khoản demo dùng mật khẩu đã công bố (phải đổi ở lần đăng nhập đầu tiên).',
  '!!! Demo accounts with a published password are enabled on a reachable deployment.',
  '!!! Unset SEED_DEMO and disable the demo accounts before going live (docs/operators.md).',
  '',
].join('\n');

/**
 * The embedded demo with no e-mail or SMS channel shows on the page the message it queued
 * (registration and reset links), or nobody could register there. Never on a reachable
 * deployment, where it would tell a new login from a taken one.
 */
export function showsQueuedMessages(
  config: Pick<Config, 'seedDemo' | 'databaseUrl' | 'publicUrl' | 'smtpUrl' | 'smsGatewayUrl'>,
): boolean {
  return demoMode(config) === 'embedded' && !config.smtpUrl && !config.smsGatewayUrl;
}
