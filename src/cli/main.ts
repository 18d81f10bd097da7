#!/usr/bin/env node
/**
 * `mocua` — start the server and run operations tasks.
 * Usage: mocua <start|migrate|seed|verify-audit|backup|restore|audit export-checkpoints|users …|signing …|verify-pdf|blobs …> [options]
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../platform/config.ts';
import { commands } from './commands.ts';

const usage = `Cách dùng / usage: mocua <lệnh> [tuỳ chọn]
  start                         chạy máy chủ (migrate, seed demo lần đầu, phục vụ HTTP)
  migrate                       áp dụng các migration
  seed                          nạp dữ liệu tỉnh mẫu (idempotent)
  verify-audit [--checkpoints FILE]
                                kiểm tra chuỗi băm nhật ký kiểm toán và mọi điểm niêm phong
                                (với FILE: bản xuất giữ ngoài cơ sở dữ liệu)
  backup --to DIR               sao lưu cơ sở dữ liệu (PostgreSQL: pg_dump; nhúng: bản chụp nhất quán, kể cả khi
                                máy chủ đang chạy) và tệp đính kèm, kèm danh mục băm, vào thư mục mới DIR
  restore --from DIR [--force]  khôi phục vào cơ sở dữ liệu trống rồi kiểm tra: số dòng, chuỗi nhật ký kiểm toán,
                                từng tệp đính kèm so với danh mục; mã thoát 1 nếu có sai khác
  audit export-checkpoints FILE xuất các điểm niêm phong đã ký và gắn dấu thời gian
  verify-pdf FILE [--online]    kiểm tra chữ ký số PAdES của một tệp PDF (toàn vẹn, chuỗi tới gốc tin cậy
                                trong SIGNING_TRUST_DIR, dấu thời gian, thu hồi); mã thoát 0 hợp lệ,
                                1 không hợp lệ, 3 chưa xác định được
  verify-exchange FILE          kiểm tra ngoại tuyến bản xuất nhật ký trao đổi dữ liệu (chữ ký, lô, dấu thời gian);
                                mã thoát 0 hợp lệ, 1 bị sửa/xóa, 3 chưa niêm phong/ký/gắn dấu thời gian đủ
  exchange export FILE          xuất nhật ký trao đổi dữ liệu có ký số
  users create-admin --login L [--name N]   mật khẩu đọc từ stdin (không nhận trên dòng lệnh)
  users reset-password --login L           mật khẩu mới đọc từ stdin; phải đổi ở lần đăng nhập tới
  catalog import [DIR]          nạp danh mục thủ tục từ tệp JSON (mặc định data/procedures)
  catalog export [DIR]          xuất danh mục thủ tục ra tệp JSON
  signing import --agency CODE [--account LOGIN] --file F.p12
                                cài chứng thư số .p12/.pfx (mật khẩu qua stdin; khóa được niêm phong)
  signing token --agency CODE [--account LOGIN] --token LABEL --key LABEL [--chain F.pem]
                                dùng khóa trên token/HSM PKCS#11
  signing smartca --agency CODE --account LOGIN --user-id CCCD [--serial S]
                                liên kết tài khoản ký số từ xa VNPT SmartCA của cán bộ
  signing csc --agency CODE --account LOGIN --credential ID
                                liên kết chứng thư ký số từ xa (Cloud Signature Consortium API v2)
  signing list | signing revoke --fingerprint SHA256
  demo generate --dossiers N [--insights-only]
                                tạo lịch sử hồ sơ mẫu của một tỉnh (kiểm thử tải); --insights-only
                                chỉ ghi dữ liệu của bảng điều hành (đủ cho 10 triệu hồ sơ)
  demo generate documents [--documents N] [--users N]
                                tạo văn bản đến/đi mẫu của một tỉnh (mặc định 1.000.000 văn bản, 27.000 người dùng)
  insights rebuild [--rollups]  dựng lại từ đầu dữ liệu tổng hợp của bảng điều hành (chỉ số, 766);
                                --rollups chỉ dựng lại số liệu tổng hợp theo ngày, tháng
  national reconcile --date YYYY-MM-DD [--resend]
                                đối soát hồ sơ đã đồng bộ trong ngày với Cổng Dịch vụ công quốc gia;
                                --resend gửi lại các hồ sơ khác nhau; mã thoát 0 khớp, 1 có khác biệt
  blobs migrate --to s3         chép mọi tệp từ DATA_DIR/blobs sang kho S3 đã cấu hình (S3_*), kiểm tra mã băm
                                từng bản chép; chạy lại chỉ chép phần còn thiếu; xong thì đặt BLOB_STORE=s3
  blobs verify [--store local|s3]
                                đọc lại mọi tệp của kho (mặc định BLOB_STORE): mỗi tệp phải khớp mã băm của nó`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: {
      login: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      checkpoints: { type: 'string' },
      dossiers: { type: 'string' },
      documents: { type: 'string' },
      users: { type: 'string' },
      agency: { type: 'string' },
      account: { type: 'string' },
      file: { type: 'string' },
      token: { type: 'string' },
      key: { type: 'string' },
      chain: { type: 'string' },
      'user-id': { type: 'string' },
      serial: { type: 'string' },
      fingerprint: { type: 'string' },
      online: { type: 'boolean' },
      date: { type: 'string' },
      resend: { type: 'boolean' },
      'insights-only': { type: 'boolean' },
      rollups: { type: 'boolean' },
      to: { type: 'string' },
      store: { type: 'string' },
      from: { type: 'string' },
      force: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  const grouped =
    positionals[0] === 'users' ||
    positionals[0] === 'catalog' ||
    positionals[0] === 'audit' ||
    positionals[0] === 'signing' ||
    positionals[0] === 'demo' ||
    positionals[0] === 'insights' ||
    positionals[0] === 'national' ||
    positionals[0] === 'exchange' ||
    positionals[0] === 'blobs';
  const name = grouped ? `${positionals[0]} ${positionals[1] ?? ''}` : (positionals[0] ?? '');
  const command = commands[name];
  if (!command || values.help) {
    console.log(usage);
    return command || values.help ? 0 : 2;
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Cấu hình sai / invalid configuration — ${err.message}`);
      return 78; // EX_CONFIG
    }
    throw err;
  }
  const opt = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
  return command({
    config,
    positionals: positionals.slice(name.split(' ').length),
    option: opt,
    flag: (key) => values[key] === true,
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== -1) process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
