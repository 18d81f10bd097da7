/**
 * The only reader of process.env. Every setting is declared here with its default and
 * meaning; README's settings table is generated from the same list (see `settingsTable`).
 * A bad value stops the process with one line naming the variable and what is wrong.
 */
import net from 'node:net';
import path from 'node:path';
import { dataFolder } from './paths.ts';

type Parser<T> = (raw: string) => T;

interface Setting<T, D extends string | undefined = string | undefined> {
  name: string;
  default: D;
  meaning: string;
  parse: Parser<T>;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

const integer =
  (min: number, max: number): Parser<number> =>
  (raw) => {
    if (!/^\d+$/.test(raw)) throw new Error(`must be a whole number, got "${raw}"`);
    const n = Number(raw);
    if (n < min || n > max) throw new Error(`must be between ${min} and ${max}, got ${n}`);
    return n;
  };

const oneOf =
  <T extends string>(...values: T[]): Parser<T> =>
  (raw) => {
    if (!(values as string[]).includes(raw)) {
      throw new Error(`must be one of ${values.join(', ')}, got "${raw}"`);
    }
    return raw as T;
  };

const url =
  (...protocols: string[]): Parser<string> =>
  (raw) => {
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      throw new Error(`is not a valid URL: "${raw}"`);
    }
    if (!protocols.includes(parsed.protocol)) {
      throw new Error(`must start with ${protocols.join(' or ')}, got "${parsed.protocol}"`);
    }
    return raw;
  };

const text: Parser<string> = (raw) => raw;
const bool: Parser<boolean> = (raw) => {
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new Error(`must be true or false, got "${raw}"`);
};
const bytes: Parser<number> = (raw) => {
  const m = /^(\d+)\s*(b|kb|kib|mb|mib)?$/i.exec(raw.trim());
  if (!m) throw new Error(`must be a size such as 10MB, got "${raw}"`);
  const unit = (m[2] ?? 'b').toLowerCase();
  const factor = unit.startsWith('k') ? 1024 : unit.startsWith('m') ? 1024 * 1024 : 1;
  return Number(m[1]) * factor;
};

const emailList: Parser<string[]> = (raw) => {
  const list = raw
    .split(',')
    .map((a) => a.trim().toLowerCase())
    .filter((a) => a !== '');
  for (const a of list) {
    if (!/^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/.test(a)) throw new Error(`is not an e-mail address: "${a}"`);
  }
  return list;
};

/** One address (IPv4/IPv6) or a CIDR block, as Fastify's trustProxy and net.BlockList take them. */
function addressOrCidr(raw: string): string {
  const [address = '', prefix, ...rest] = raw.split('/');
  const family = net.isIP(address);
  if (family === 0 || rest.length > 0) throw new Error(`"${raw}" is not an address or CIDR block`);
  if (prefix !== undefined) {
    const max = family === 4 ? 32 : 128;
    if (!/^\d+$/.test(prefix) || Number(prefix) > max) throw new Error(`"${raw}" has a bad prefix length`);
  }
  return raw;
}

const addressList: Parser<string[]> = (raw) =>
  raw
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean)
    .map(addressOrCidr);

/**
 * Which proxies may tell us the client's address (issue 11, finding 5): a number of hops or the
 * proxies' addresses. `true` (trust every hop) is refused: the leftmost X-Forwarded-For is
 * written by the client, so trusting it lets anyone rotate it past the rate limits and forge
 * the audited sign-in address.
 */
const proxyTrust: Parser<false | number | string[]> = (raw) => {
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  if (['true', 'yes', 'on'].includes(raw)) {
    throw new Error(
      `must be the number of proxy hops in front of the server (e.g. 1) or the proxies' addresses/CIDRs, got "${raw}" (true would trust an X-Forwarded-For the client wrote)`,
    );
  }
  if (/^\d+$/.test(raw)) return integer(1, 10)(raw);
  return addressList(raw);
};

const secretToken: Parser<string> = (raw) => {
  if (raw.length < 32) throw new Error(`must be at least 32 characters, got ${raw.length}`);
  return raw;
};

function setting<T, D extends string | undefined>(
  name: string,
  def: D,
  meaning: string,
  parse: Parser<T>,
): Setting<T, D> {
  return { name, default: def, meaning, parse };
}

const settings = {
  port: setting('PORT', '3000', 'TCP port the HTTP server listens on', integer(0, 65535)),
  host: setting('HOST', '0.0.0.0', 'Address the HTTP server binds to', text),
  publicUrl: setting(
    'PUBLIC_URL',
    undefined,
    'Public base URL printed in QR codes and e-mails (default http://localhost:PORT)',
    url('http:', 'https:'),
  ),
  nodeEnv: setting(
    'NODE_ENV',
    'development',
    'production makes PUBLIC_URL required (receipts must not point at localhost)',
    text,
  ),
  dataDir: setting('DATA_DIR', './var', 'Folder for the embedded database (db/) and blobs (blobs/)', text),
  blobStore: setting(
    'BLOB_STORE',
    'local',
    'Where papers, slips and results are kept: local (DATA_DIR/blobs, one machine) or s3 (an S3-compatible object store, several machines: S3_BUCKET and the S3_* settings, docs/operators.md "Object storage")',
    oneOf('local', 's3'),
  ),
  s3Endpoint: setting(
    'S3_ENDPOINT',
    undefined,
    'Address of the S3-compatible server (MinIO, Garage, Ceph RGW), e.g. https://s3.tinh.gov.vn:9000; unset: AWS S3 in S3_REGION',
    url('http:', 'https:'),
  ),
  s3Region: setting('S3_REGION', 'us-east-1', 'Region of the bucket (most S3-compatible servers take us-east-1)', text),
  s3Bucket: setting(
    'S3_BUCKET',
    undefined,
    'Bucket that holds the blobs; required with BLOB_STORE=s3 and for `mocua blobs migrate --to s3`',
    (raw) => {
      if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(raw)) {
        throw new Error(`must be a bucket name (3–63 lowercase letters, digits, dots, hyphens), got "${raw}"`);
      }
      return raw;
    },
  ),
  s3Prefix: setting(
    'S3_PREFIX',
    undefined,
    'Prefix of every blob key in the bucket, e.g. mocua/blobs/ (optional)',
    text,
  ),
  s3ForcePathStyle: setting(
    'S3_FORCE_PATH_STYLE',
    'false',
    'Path-style addresses (https://host/bucket/key) instead of bucket.host: MinIO, Garage and Ceph RGW usually need true',
    bool,
  ),
  s3Sse: setting(
    'S3_SSE',
    'none',
    'Server-side encryption of new blobs: none, AES256 (SSE-S3, keys held by the store) or aws:kms (SSE-KMS)',
    oneOf('none', 'AES256', 'aws:kms'),
  ),
  s3SseKmsKeyId: setting(
    'S3_SSE_KMS_KEY_ID',
    undefined,
    "KMS key id or ARN for S3_SSE=aws:kms (unset: the account's default KMS key)",
    text,
  ),
  s3AccessKeyId: setting(
    'S3_ACCESS_KEY_ID',
    undefined,
    "Access key of the bucket's user; unset: the SDK's default chain (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, ~/.aws, the machine's role)",
    text,
  ),
  s3SecretAccessKey: setting('S3_SECRET_ACCESS_KEY', undefined, 'Secret key that goes with S3_ACCESS_KEY_ID', text),
  databaseUrl: setting(
    'DATABASE_URL',
    undefined,
    'PostgreSQL 15+ connection URL; when unset the embedded PGlite database in DATA_DIR/db is used',
    url('postgres:', 'postgresql:'),
  ),
  databasePoolSize: setting('DATABASE_POOL_SIZE', '10', 'Connections per process to PostgreSQL', integer(1, 200)),
  databaseOwnerUrl: setting(
    'DATABASE_OWNER_URL',
    undefined,
    "Connection URL of the role that owns the tables: migrations run as it and DATABASE_URL's role gets only the grants the app needs (docs/operators.md)",
    url('postgres:', 'postgresql:'),
  ),
  migrationLockTimeoutMs: setting(
    'MIGRATION_LOCK_TIMEOUT_MS',
    '5000',
    "How long a migration's statement waits for a table's lock before the migration fails (and rolls back) instead of queueing every request behind it",
    integer(100, 600_000),
  ),
  migrationStatementTimeoutMs: setting(
    'MIGRATION_STATEMENT_TIMEOUT_MS',
    '600000',
    "Longest a migration's statement may run (the index builds of migrations/concurrent/ have no limit)",
    integer(1000, 86_400_000),
  ),
  otelEndpoint: setting(
    'OTEL_EXPORTER_OTLP_ENDPOINT',
    undefined,
    'OpenTelemetry collector (OTLP/HTTP, e.g. http://otel-collector:4318): traces of requests, database statements, outbound calls and jobs are sent to its /v1/traces. Unset: no tracing code is loaded',
    url('http:', 'https:'),
  ),
  otelServiceName: setting(
    'OTEL_SERVICE_NAME',
    'mocua',
    'service.name of the traces (with OTEL_EXPORTER_OTLP_ENDPOINT)',
    text,
  ),
  auditTsaUrl: setting(
    'AUDIT_TSA_URL',
    undefined,
    'RFC 3161 time-stamping authority that stamps the signed audit checkpoints (optional; without it they are signed only)',
    url('http:', 'https:'),
  ),
  exchangeConnectors: setting(
    'EXCHANGE_CONNECTORS',
    undefined,
    'JSON file listing the data-sharing connectors (LGSP/NDXP registers: endpoint, authentication, allow-lists; docs/exchange.md). Unset: no register is connected and the counter enters data by hand',
    text,
  ),
  exchangeTsaUrl: setting(
    'EXCHANGE_TSA_URL',
    undefined,
    'RFC 3161 time-stamping authority for the data-exchange message log (default AUDIT_TSA_URL); without either the batches are signed only',
    url('http:', 'https:'),
  ),
  signingKeySecret: setting(
    'SIGNING_KEY_SECRET',
    undefined,
    'Key (32 bytes, base64 or 64 hex digits) that seals imported signing keys (.p12) at rest; required in production to sign with them. Unset elsewhere: a development secret in DATA_DIR/signing-key.secret',
    (raw) => {
      const text = raw.trim();
      const bytes = /^[0-9a-f]{64}$/iu.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
      if (bytes.length !== 32) throw new Error('must be 32 bytes, as base64 or 64 hex digits');
      return text;
    },
  ),
  signingTsaUrl: setting(
    'SIGNING_TSA_URL',
    undefined,
    'RFC 3161 time-stamping authority for signatures (PAdES B-T and up); without it signatures are B-B',
    url('http:', 'https:'),
  ),
  signingLevel: setting(
    'SIGNING_LEVEL',
    undefined,
    'PAdES level of new signatures: B-B, B-T, B-LT or B-LTA (default B-LT with SIGNING_TSA_URL, else B-B)',
    oneOf('B-B', 'B-T', 'B-LT', 'B-LTA'),
  ),
  signingTrustDir: setting(
    'SIGNING_TRUST_DIR',
    'data/trust-anchors',
    'Folder of trusted root certificates (PEM/DER) signatures are verified against: NEAC and VGCA roots (docs/signatures.md)',
    text,
  ),
  signingPkcs11Library: setting(
    'SIGNING_PKCS11_LIBRARY',
    undefined,
    'PKCS#11 module of the signing tokens or HSM (e.g. /usr/lib/softhsm/libsofthsm2.so, a vendor token driver)',
    text,
  ),
  signingPkcs11Pin: setting('SIGNING_PKCS11_PIN', undefined, 'User PIN of the PKCS#11 tokens', text),
  smartcaUrl: setting(
    'SMARTCA_URL',
    undefined,
    'VNPT SmartCA service-provider API base, e.g. https://gwsca.vnpt.vn/sca/sp769 (remote signing, optional)',
    url('http:', 'https:'),
  ),
  smartcaSpId: setting('SMARTCA_SP_ID', undefined, 'sp_id VNPT issued to this platform', text),
  smartcaSpPassword: setting('SMARTCA_SP_PASSWORD', undefined, 'sp_password VNPT issued to this platform', text),
  smartcaTimeoutSeconds: setting(
    'SMARTCA_TIMEOUT_SECONDS',
    '240',
    'Seconds to wait for a signer to confirm on the SmartCA app before the request expires',
    integer(10, 3600),
  ),
  cscUrl: setting(
    'CSC_URL',
    undefined,
    'Base URI (ending in /csc/v2) of a remote-signing service speaking the Cloud Signature Consortium API v2 (optional)',
    url('http:', 'https:'),
  ),
  cscClientId: setting('CSC_CLIENT_ID', undefined, 'OAuth 2.0 client id the CSC service issued to this platform', text),
  cscClientSecret: setting(
    'CSC_CLIENT_SECRET',
    undefined,
    'OAuth 2.0 client secret the CSC service issued to this platform',
    text,
  ),
  redisUrl: setting(
    'REDIS_URL',
    undefined,
    'Redis URL for shared rate limits across several processes (optional)',
    url('redis:', 'rediss:'),
  ),
  shutdownGraceSeconds: setting(
    'SHUTDOWN_GRACE_SECONDS',
    '30',
    'On SIGTERM the server stops accepting, finishes the requests, jobs and outbox pass under way, then exits 0; past this many seconds (or at a second SIGTERM) it exits 1 at once. Keep TimeoutStopSec of the systemd unit above it (docs/operators.md)',
    integer(1, 3600),
  ),
  logLevel: setting(
    'LOG_LEVEL',
    'info',
    'Log level: fatal, error, warn, info, debug, trace or silent',
    oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'),
  ),
  provinceCode: setting(
    'PROVINCE_CODE',
    '08',
    'Two-digit code of the province this deployment serves (QĐ 19/2025)',
    (raw) => {
      if (!/^\d{2}$/.test(raw)) throw new Error(`must be two digits such as 08, got "${raw}"`);
      return raw;
    },
  ),
  seedDemo: setting(
    'SEED_DEMO',
    undefined,
    'Seed the demo province and its demo accounts (published password) on first start. Unset: only on the embedded database with a plain-http PUBLIC_URL; true elsewhere warns at every start',
    bool,
  ),
  sessionTtlHours: setting(
    'SESSION_TTL_HOURS',
    '12',
    'Hours a signed-in session lasts without activity',
    integer(1, 24 * 30),
  ),
  trustProxy: setting(
    'TRUST_PROXY',
    'false',
    'Proxies in front of the server whose X-Forwarded-* headers are believed: the number of hops (e.g. 1 behind one load balancer) or their addresses/CIDRs, comma-separated (e.g. 10.0.0.0/8); `true` is refused. With an https PUBLIC_URL it also turns on HSTS',
    proxyTrust,
  ),
  rateLimitPerMinute: setting(
    'RATE_LIMIT_PER_MINUTE',
    '600',
    'Requests per minute per client address',
    integer(1, 1_000_000),
  ),
  metricsAllow: setting(
    'METRICS_ALLOW',
    '127.0.0.1,::1',
    'Client addresses/CIDRs (comma-separated) that may read /metrics without a token',
    addressList,
  ),
  metricsToken: setting(
    'METRICS_TOKEN',
    undefined,
    'Bearer token (32+ characters) with which a scraper from another address may read /metrics',
    secretToken,
  ),
  uploadMaxBytes: setting('UPLOAD_MAX_BYTES', '10MB', 'Largest accepted upload (a paper scan)', bytes),
  counterOutsideHours: setting(
    'COUNTER_OUTSIDE_HOURS',
    'refuse',
    "Counter reception outside the agency's working time: refuse (unless a reason is recorded) or allow",
    oneOf('refuse', 'allow'),
  ),
  oidcIssuer: setting(
    'OIDC_ISSUER',
    undefined,
    'OpenID Connect issuer URL for sign-in (optional)',
    url('http:', 'https:'),
  ),
  oidcClientId: setting('OIDC_CLIENT_ID', undefined, 'OpenID Connect client id', text),
  oidcClientSecret: setting('OIDC_CLIENT_SECRET', undefined, 'OpenID Connect client secret', text),
  oidcScopes: setting(
    'OIDC_SCOPES',
    'openid',
    'Scopes asked at sign-in; the national sign-on (xacthuc.dichvucong.gov.vn) is asked for openid only',
    text,
  ),
  oidcAcrValues: setting(
    'OIDC_ACR_VALUES',
    'LoA1 LoA2',
    'The acr_values strings of assurance levels 1 and 2, space-separated, in that order (docs/integrations.md)',
    (raw) => {
      const values = raw.split(/\s+/).filter(Boolean);
      if (values.length !== 2) throw new Error(`must be two values (level 1, level 2), got "${raw}"`);
      return values as [string, string];
    },
  ),
  oidcStaff: setting(
    'OIDC_STAFF',
    'true',
    'Staff may sign in through the same identity provider (accounts linked by an administrator)',
    bool,
  ),
  zaloAppId: setting('ZALO_APP_ID', undefined, 'Zalo app id, for the OA API and webhook signatures (optional)', text),
  zaloAppSecret: setting('ZALO_APP_SECRET', undefined, 'Zalo app secret key, sent when getting OA tokens', text),
  zaloOaId: setting('ZALO_OA_ID', undefined, 'Id of the Zalo Official Account the app sends as', text),
  zaloOaSecretKey: setting(
    'ZALO_OA_SECRET_KEY',
    undefined,
    'OA secret key from the webhook settings, to check X-ZEvent-Signature (not the app secret)',
    text,
  ),
  zaloApiBase: setting(
    'ZALO_API_BASE',
    'https://openapi.zalo.me',
    'Base URL of the Zalo OA API',
    url('http:', 'https:'),
  ),
  zaloOauthBase: setting(
    'ZALO_OAUTH_BASE',
    'https://oauth.zaloapp.com',
    'Base URL of Zalo OAuth v4',
    url('http:', 'https:'),
  ),
  zaloZnsBase: setting(
    'ZALO_ZNS_BASE',
    'https://business.openapi.zalo.me',
    'Base URL of the Zalo notification service (ZNS)',
    url('http:', 'https:'),
  ),
  nationalAdapterUrl: setting(
    'NATIONAL_ADAPTER_URL',
    undefined,
    'National public-service portal (DVCQG) adapter base URL, `adapter_url` (optional; unset: no sync)',
    url('http:', 'https:'),
  ),
  nationalAuthPath: setting(
    'NATIONAL_AUTH_PATH',
    undefined,
    'DVCQG `auth_endpoint`, the path of the sign-in call',
    text,
  ),
  nationalIntegrationPath: setting(
    'NATIONAL_INTEGRATION_PATH',
    undefined,
    'DVCQG `integration_endpoint`, the path every `service` call is posted to',
    text,
  ),
  nationalUsername: setting('NATIONAL_USERNAME', undefined, 'DVCQG adapter account name', text),
  nationalPassword: setting('NATIONAL_PASSWORD', undefined, 'DVCQG adapter account password', text),
  nationalAgencyCode: setting(
    'NATIONAL_AGENCY_CODE',
    undefined,
    'DVCQG `madonvi`: the province’s unit code on the national portal',
    text,
  ),
  nationalDstCode: setting('NATIONAL_DSTCODE', undefined, 'DVCQG `dstcode` header, when one was issued', text),
  nationalPullService: setting(
    'NATIONAL_PULL_SERVICE',
    undefined,
    'DVCQG `service` that lists dossiers filed on the portal for the province, pulled every 5 minutes (unset: push only)',
    text,
  ),
  nationalInboundToken: setting(
    'NATIONAL_INBOUND_TOKEN',
    undefined,
    'Bearer token (32+ characters) the national portal or the LGSP presents when it pushes a dossier to POST /api/v1/national/dossiers; pushes are refused while unset',
    secretToken,
  ),
  nationalFileLinkSecret: setting(
    'NATIONAL_FILE_LINK_SECRET',
    undefined,
    'Key (32+ characters) that signs the expiring download links of papers and results sent to the national portal',
    secretToken,
  ),
  smtpUrl: setting(
    'SMTP_URL',
    undefined,
    'SMTP server for e-mail, e.g. smtp://user:pass@mail.example.vn:587 (optional)',
    url('smtp:', 'smtps:'),
  ),
  mailFrom: setting(
    'MAIL_FROM',
    undefined,
    'From header of e-mails: an address, or a name and the address in angle brackets',
    text,
  ),
  smsGatewayUrl: setting(
    'SMS_GATEWAY_URL',
    undefined,
    'SMS gateway endpoint: POST {"to","text"} (optional)',
    url('http:', 'https:'),
  ),
  smsGatewayToken: setting('SMS_GATEWAY_TOKEN', undefined, 'Bearer token for the SMS gateway', text),
  edxmlHubUrl: setting(
    'EDXML_HUB_URL',
    undefined,
    'National document hub adapter (VPCP XRoad SDK protocol, docs/edxml.md); edXML exchange is off while unset',
    url('http:', 'https:'),
  ),
  edxmlHubAgencies: setting(
    'EDXML_HUB_AGENCIES',
    undefined,
    'Agencies connected to the document hub: OrganId=SecretKey pairs separated by ";" (the SystemId and SecretKey the hub issued)',
    text,
  ),
  ratingLinkSecret: setting(
    'RATING_LINK_SECRET',
    undefined,
    'Key (32+ characters, the same on every process) that signs the rating links sent by SMS and Zalo; rating links are refused while unset',
    secretToken,
  ),
  ratingChangeWindowDays: setting(
    'RATING_CHANGE_WINDOW_DAYS',
    '7',
    'Days during which a citizen may change the rating of a dossier after first rating it',
    integer(0, 365),
  ),
  // Payments (docs/integrations.md "Payments"; payments-sync-sso.md §1, §2).
  vnpayTmnCode: setting(
    'VNPAY_TMN_CODE',
    undefined,
    'VNPay terminal code (vnp_TmnCode, 8 characters) issued to the province; VNPay is offered while set',
    text,
  ),
  vnpayHashSecret: setting(
    'VNPAY_HASH_SECRET',
    undefined,
    'VNPay hash secret (vnp_HashSecret) that signs with HMAC-SHA512',
    text,
  ),
  vnpayPayUrl: setting(
    'VNPAY_PAY_URL',
    'https://sandbox.vnpayment.vn/paymentv2/vpcpay.html',
    'VNPay payment page (production: https://pay.vnpay.vn/vpcpay.html)',
    url('http:', 'https:'),
  ),
  vnpayApiUrl: setting(
    'VNPAY_API_URL',
    'https://sandbox.vnpayment.vn/merchant_webapi/api/transaction',
    'VNPay querydr and refund API (production: https://merchant.vnpay.vn/merchant_webapi/api/transaction)',
    url('http:', 'https:'),
  ),
  paymentServerIp: setting(
    'PAYMENT_SERVER_IP',
    '127.0.0.1',
    "This server's public address, sent as vnp_IpAddr on querydr and refund",
    text,
  ),
  paymentPlatformInitUrl: setting(
    'PAYMENT_PLATFORM_INIT_URL',
    undefined,
    'National payment platform: URL of INIT (InitUrl); the platform is offered while set',
    url('http:', 'https:'),
  ),
  paymentPlatformQueryUrl: setting(
    'PAYMENT_PLATFORM_QUERY_URL',
    undefined,
    'National payment platform: URL of QUERY (CheckConfirmUrl)',
    url('http:', 'https:'),
  ),
  paymentPlatformBillUrl: setting(
    'PAYMENT_PLATFORM_BILL_URL',
    undefined,
    'National payment platform: URL of GET_BILL (InitReceiptUrl)',
    url('http:', 'https:'),
  ),
  paymentPlatformPartnerCode: setting(
    'PAYMENT_PLATFORM_PARTNER_CODE',
    undefined,
    'National payment platform: partner code (MaDoiTac)',
    text,
  ),
  paymentPlatformSecret: setting(
    'PAYMENT_PLATFORM_SECRET',
    undefined,
    'National payment platform: shared secret of MaXacThuc (InitPaymentSecretKey)',
    text,
  ),
  paymentPlatformToken: setting(
    'PAYMENT_PLATFORM_TOKEN',
    undefined,
    'National payment platform: Bearer token of the LGSP or gateway in front of it (optional)',
    text,
  ),
  vietqrBankBin: setting(
    'VIETQR_BANK_BIN',
    undefined,
    'Bank BIN (6 digits) of the account that collects fees by transfer; VietQR is shown while set',
    text,
  ),
  vietqrAccountNumber: setting(
    'VIETQR_ACCOUNT_NUMBER',
    undefined,
    'Account number that collects fees by transfer (VietQR)',
    text,
  ),
  vietqrAccountName: setting(
    'VIETQR_ACCOUNT_NAME',
    undefined,
    'Name of the collecting account, shown beside the VietQR code',
    text,
  ),
  reportRecipients: setting(
    'REPORT_RECIPIENTS',
    undefined,
    'E-mail addresses, comma-separated, that receive form 06 and the feedback report of the province (Excel and PDF) on the 1st of each month for the month before (needs SMTP_URL)',
    emailList,
  ),
  outboxEventBatch: setting(
    'OUTBOX_EVENT_BATCH',
    '200',
    'Outbox messages of the in-process event channel (the insights feed, the papers store) claimed at once by a dispatcher pass; SMS, Zalo and e-mail messages are claimed 50 at a time whatever this says',
    integer(1, 5000),
  ),
  idempotencyReplayHours: setting(
    'IDEMPOTENCY_REPLAY_HOURS',
    '72',
    'Hours during which a write retried with the same Idempotency-Key gets its first answer (covers a weekend); older answers are swept',
    integer(1, 24 * 90),
  ),
} as const;

type Settings = typeof settings;
export type Config = {
  [K in keyof Settings]: Settings[K] extends Setting<infer T, infer D> ? (D extends string ? T : T | undefined) : never;
} & { dbDir: string; blobDir: string };

/** Reads and validates configuration from an environment (process.env by default). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const out: Record<string, unknown> = {};
  for (const [key, s] of Object.entries(settings) as Array<[string, Setting<unknown>]>) {
    const raw = env[s.name];
    const value = raw === undefined || raw === '' ? s.default : raw;
    if (value === undefined) {
      out[key] = undefined;
      continue;
    }
    try {
      out[key] = s.parse(value);
    } catch (err) {
      throw new ConfigError(s.name, err instanceof Error ? err.message : String(err));
    }
  }
  const config = out as Omit<Config, 'dbDir' | 'blobDir'>;
  if (config.oidcIssuer && !config.oidcClientId) {
    throw new ConfigError('OIDC_CLIENT_ID', 'must be set when OIDC_ISSUER is set');
  }
  if (config.zaloAppId && !config.zaloAppSecret) {
    throw new ConfigError('ZALO_APP_SECRET', 'must be set when ZALO_APP_ID is set');
  }
  if (config.zaloAppId && !config.zaloOaId) {
    throw new ConfigError('ZALO_OA_ID', 'must be set when ZALO_APP_ID is set');
  }
  if (config.databaseOwnerUrl && !config.databaseUrl) {
    throw new ConfigError('DATABASE_URL', 'must be set when DATABASE_OWNER_URL is set');
  }
  // A receipt's QR code and the links in messages use PUBLIC_URL (issue 23.10): a production or
  // proxied deployment without it would print http://localhost. The two-command demo sets neither.
  if (!config.publicUrl && (config.nodeEnv === 'production' || config.trustProxy)) {
    throw new ConfigError('PUBLIC_URL', 'must be set in production (NODE_ENV=production or TRUST_PROXY set)');
  }
  if (config.cscUrl && (!config.cscClientId || !config.cscClientSecret)) {
    throw new ConfigError('CSC_CLIENT_ID', 'CSC_CLIENT_ID and CSC_CLIENT_SECRET must be set when CSC_URL is set');
  }
  if (config.smartcaUrl && (!config.smartcaSpId || !config.smartcaSpPassword)) {
    throw new ConfigError('SMARTCA_SP_ID', 'SMARTCA_SP_ID and SMARTCA_SP_PASSWORD must be set when SMARTCA_URL is set');
  }
  if (config.signingLevel && config.signingLevel !== 'B-B' && !config.signingTsaUrl) {
    throw new ConfigError('SIGNING_TSA_URL', `must be set for SIGNING_LEVEL=${config.signingLevel}`);
  }
  if (config.signingPkcs11Library && config.signingPkcs11Pin === undefined) {
    throw new ConfigError('SIGNING_PKCS11_PIN', 'must be set when SIGNING_PKCS11_LIBRARY is set');
  }
  if (config.nationalAdapterUrl) {
    for (const [key, name] of [
      ['nationalAuthPath', 'NATIONAL_AUTH_PATH'],
      ['nationalIntegrationPath', 'NATIONAL_INTEGRATION_PATH'],
      ['nationalUsername', 'NATIONAL_USERNAME'],
      ['nationalPassword', 'NATIONAL_PASSWORD'],
      ['nationalAgencyCode', 'NATIONAL_AGENCY_CODE'],
      ['nationalFileLinkSecret', 'NATIONAL_FILE_LINK_SECRET'],
    ] as const) {
      if (!config[key]) throw new ConfigError(name, 'must be set when NATIONAL_ADAPTER_URL is set');
    }
  }
  if (config.vnpayTmnCode && !config.vnpayHashSecret) {
    throw new ConfigError('VNPAY_HASH_SECRET', 'must be set when VNPAY_TMN_CODE is set');
  }
  if (
    config.paymentPlatformInitUrl &&
    (!config.paymentPlatformPartnerCode || !config.paymentPlatformSecret || !config.paymentPlatformQueryUrl)
  ) {
    throw new ConfigError(
      'PAYMENT_PLATFORM_PARTNER_CODE',
      'PAYMENT_PLATFORM_PARTNER_CODE, PAYMENT_PLATFORM_SECRET and PAYMENT_PLATFORM_QUERY_URL must be set when PAYMENT_PLATFORM_INIT_URL is set',
    );
  }
  if (config.blobStore === 's3' && !config.s3Bucket) {
    throw new ConfigError('S3_BUCKET', 'must be set when BLOB_STORE=s3');
  }
  if (config.s3SseKmsKeyId && config.s3Sse !== 'aws:kms') {
    throw new ConfigError('S3_SSE', 'must be aws:kms when S3_SSE_KMS_KEY_ID is set');
  }
  if (Boolean(config.s3AccessKeyId) !== Boolean(config.s3SecretAccessKey)) {
    throw new ConfigError('S3_SECRET_ACCESS_KEY', 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together');
  }
  if (config.smtpUrl && !config.mailFrom) {
    throw new ConfigError('MAIL_FROM', 'must be set when SMTP_URL is set');
  }
  const dataDir = path.resolve(config.dataDir);
  // The default trust anchors are the project's own folder, wherever the process was started.
  const signingTrustDir = env.SIGNING_TRUST_DIR
    ? path.resolve(config.signingTrustDir)
    : path.join(dataFolder, 'trust-anchors');
  return {
    ...config,
    dataDir,
    signingTrustDir,
    dbDir: path.join(dataDir, 'db'),
    blobDir: path.join(dataDir, 'blobs'),
  };
}

/** Markdown table of every setting, for the README. */
export function settingsTable(): string {
  const rows = (Object.values(settings) as Setting<unknown>[]).map(
    (s) => `| \`${s.name}\` | ${s.default === undefined ? '—' : `\`${s.default}\``} | ${s.meaning} |`,
  );
  return ['| setting | default | meaning |', '|---|---|---|', ...rows].join('\n');
}

/** README with its settings table replaced by the generated one (scripts/readme-settings.ts). */
export function readmeWithSettings(readme: string): string {
  const start = readme.indexOf('| setting | default | meaning |');
  if (start < 0) throw new Error('README has no settings table');
  const rest = readme.slice(start);
  const end = rest.search(/\n(?!\|)/);
  return readme.slice(0, start) + settingsTable() + (end < 0 ? '\n' : rest.slice(end));
}

/**
 * Environment variables for the test runner and CI (not application settings). scripts/test.mjs
 * sets TEST_DATABASE_URL to the PostgreSQL it found or started, and where the run keeps the
 * migrated template each test database is cloned from (src/platform/db/testing.ts): a folder
 * for PGlite's dumped data dir, a name prefix for PostgreSQL's template database. Without
 * them every test database is migrated on its own.
 */
export function testEnv(env: Record<string, string | undefined> = process.env) {
  return {
    testDb: env.TEST_DB === 'postgres' ? ('postgres' as const) : ('pglite' as const),
    testDatabaseUrl: env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    pgliteTemplateDir: env.TEST_PGLITE_TEMPLATE_DIR || undefined,
    pgTemplatePrefix: env.TEST_PG_TEMPLATE_PREFIX || undefined,
    /** The run's folder (scripts/test.mjs): templates' locks, the run's development sealing secret. */
    runDir: env.TEST_RUN_DIR || undefined,
  };
}

/**
 * The base of every link the application prints (QR codes, messages, notices, OIDC redirects):
 * PUBLIC_URL, or on a developer's machine http://localhost:PORT (production requires PUBLIC_URL,
 * loadConfig). The one fallback: everything else reads it from platform/services.ts.
 */
export function publicUrlOf(config: Pick<Config, 'publicUrl' | 'port'>): string {
  return config.publicUrl ?? `http://localhost:${config.port}`;
}
