/**
 * Offline verification of an exported message log (`mocua verify-exchange FILE`): needs nothing
 * but the file. It checks each record's signature, that each batch holds exactly the records
 * its digest covers and chains to the batch before, each batch's signature and RFC 3161
 * time-stamp (the TSA's certificate is in the token), and the archive's closing signature over
 * every line — so one changed byte, a removed or added record, a removed batch or a cut tail
 * is reported. Pure; never throws on a bad file.
 */
import { verifyTimestampToken } from '../../platform/pdf/timestamp.ts';
import { ARCHIVE_FORMAT } from './export-log.ts';
import {
  batchPayload,
  recordHash,
  recordPayload,
  type SignedRecordFields,
  sha256hex,
  verifyRawSignature,
} from './record-format.ts';

export type ArchiveProblemKind =
  | 'format'
  | 'record_signature'
  | 'record_outside_batch'
  | 'batch_records'
  | 'batch_digest'
  | 'batch_chain'
  | 'batch_signature'
  | 'timestamp'
  | 'archive_signature'
  | 'unsigned'
  | 'unsealed'
  | 'unstamped';

/** Kinds that say the log is incomplete, not that it was altered. */
export const ARCHIVE_WARNINGS: ReadonlySet<ArchiveProblemKind> = new Set(['unsigned', 'unsealed', 'unstamped']);

interface ArchiveProblem {
  kind: ArchiveProblemKind;
  /** `record <id>`, `batch <id>`, `line <n>`, `archive`. */
  where: string;
  detail: string;
}

export interface ArchiveReport {
  problems: ArchiveProblem[];
  batches: number;
  records: number;
  stamped: number;
  /** Distinguished names of the TSAs whose tokens verified. */
  tsas: string[];
  /** First and last time-stamp. */
  period?: { from: string; to: string };
}

interface BatchLine {
  id: number;
  sealedAt: string;
  records: number;
  prevDigest: string;
  digest: string;
  signature: string | null;
  cert: string | null;
  timestampToken: string | null;
}
type RecordLine = SignedRecordFields & {
  seq: number;
  batchId: number | null;
  signature: string | null;
  cert: string | null;
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function verifyExchangeArchive(text: string): ArchiveReport {
  const report: ArchiveReport = { problems: [], batches: 0, records: 0, stamped: 0, tsas: [] };
  const problem = (kind: ArchiveProblemKind, where: string, detail: string) =>
    report.problems.push({ kind, where, detail });
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  let parsed: unknown[];
  try {
    parsed = lines.map((l) => JSON.parse(l));
  } catch {
    problem('format', 'archive', 'một dòng không phải JSON');
    return report;
  }
  const head = parsed[0];
  if (!isObject(head) || head.format !== ARCHIVE_FORMAT || !isObject(head.certificates)) {
    problem('format', 'line 1', `không phải ${ARCHIVE_FORMAT}`);
    return report;
  }
  const province = String(head.province);
  const certs = new Map(Object.entries(head.certificates).map(([fp, der]) => [fp, Buffer.from(String(der), 'base64')]));
  const checkSignature = (where: string, data: Uint8Array, signature: string | null, cert: string | null) => {
    if (!signature) return problem('unsigned', where, 'chưa được ký');
    const der = cert ? certs.get(cert) : undefined;
    if (!der)
      return problem(
        where.startsWith('batch') ? 'batch_signature' : 'record_signature',
        where,
        'không có chứng thư ký',
      );
    if (!verifyRawSignature(der, data, signature)) {
      problem(where.startsWith('batch') ? 'batch_signature' : 'record_signature', where, 'chữ ký không khớp nội dung');
    }
  };

  // The closing line signs the digest of every line before it.
  const end = parsed.at(-1);
  const endInfo = isObject(end) && isObject(end.end) ? end.end : undefined;
  const body = endInfo ? lines.slice(0, -1) : lines;
  if (!endInfo) problem('archive_signature', 'archive', 'thiếu dòng kết thúc: tệp bị cắt');
  else {
    const digest = sha256hex(`${body.join('\n')}\n`);
    if (endInfo.digest !== digest || endInfo.lines !== body.length) {
      problem('archive_signature', 'archive', 'nội dung tệp khác với nội dung đã ký khi kết xuất');
    } else {
      const sig = typeof endInfo.signature === 'string' ? endInfo.signature : null;
      const cert = typeof endInfo.cert === 'string' ? endInfo.cert : null;
      if (!sig) problem('unsigned', 'archive', 'tệp kết xuất chưa được ký');
      else if (
        !cert ||
        !certs.has(cert) ||
        !verifyRawSignature(certs.get(cert) ?? Buffer.alloc(0), new TextEncoder().encode(digest), sig)
      ) {
        problem('archive_signature', 'archive', 'chữ ký của tệp không hợp lệ');
      }
    }
  }

  // Batches in order, each followed by its records.
  let current: { batch: BatchLine; hashes: string[] } | undefined;
  let prevDigest: string | undefined;
  const times: string[] = [];
  const closeBatch = () => {
    if (!current) return;
    const { batch, hashes } = current;
    const where = `batch ${batch.id}`;
    report.batches++;
    if (hashes.length !== batch.records) {
      problem('batch_records', where, `có ${hashes.length} bản ghi, lô đã niêm phong ${batch.records}`);
    }
    const payload = batchPayload({
      provinceCode: province,
      sealedAt: batch.sealedAt,
      prevDigest: batch.prevDigest,
      recordHashes: hashes,
    });
    if (sha256hex(payload) !== batch.digest) problem('batch_digest', where, 'các bản ghi khác với khi niêm phong');
    if (prevDigest !== undefined && batch.prevDigest !== prevDigest) {
      problem('batch_chain', where, 'không nối tiếp lô trước: một lô đã bị xóa hoặc thay');
    }
    prevDigest = batch.digest;
    checkSignature(where, payload, batch.signature, batch.cert);
    if (!batch.timestampToken) problem('unstamped', where, 'chưa được gắn dấu thời gian');
    else {
      const check = verifyTimestampToken(new Uint8Array(Buffer.from(batch.timestampToken, 'base64')), payload);
      if (!check.valid) problem('timestamp', where, `dấu thời gian không hợp lệ: ${check.problem ?? ''}`);
      else {
        report.stamped++;
        if (check.tsaName && !report.tsas.includes(check.tsaName)) report.tsas.push(check.tsaName);
        if (check.genTime) times.push(check.genTime.toISOString());
      }
    }
    current = undefined;
  };
  for (const [i, item] of parsed.slice(1, endInfo ? -1 : undefined).entries()) {
    if (isObject(item) && isObject(item.batch)) {
      closeBatch();
      current = { batch: item.batch as unknown as BatchLine, hashes: [] };
      continue;
    }
    if (!isObject(item) || !isObject(item.record)) {
      problem('format', `line ${i + 2}`, 'dòng không phải lô hay bản ghi');
      continue;
    }
    const r = item.record as unknown as RecordLine;
    report.records++;
    const where = `record ${r.id}`;
    checkSignature(where, recordPayload(r), r.signature, r.cert);
    if (r.batchId === null) {
      closeBatch();
      problem('unsealed', where, 'chưa được niêm phong vào lô');
      continue;
    }
    if (!current || current.batch.id !== r.batchId) {
      problem('record_outside_batch', where, `ghi thuộc lô ${r.batchId} nhưng nằm ngoài lô đó`);
      continue;
    }
    current.hashes.push(recordHash(r, r.signature));
  }
  closeBatch();
  times.sort();
  if (times.length) report.period = { from: times[0] ?? '', to: times.at(-1) ?? '' };
  return report;
}
