/**
 * The monthly mailing: on the 1st of each month (07:00 Vietnam time) the province's form 06
 * and feedback report for the month before, as Excel and PDF, go by e-mail to the addresses of
 * REPORT_RECIPIENTS (platform/config.ts). One outbox message per recipient and month (dedupe
 * key `insights-report:<month>:<address>`): a job run twice, or retried after a crash, sends
 * nothing twice; the outbox's e-mail channel delivers and retries (platform/notify).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Executor } from '../../../platform/db/index.ts';
import type { Jobs } from '../../../platform/jobs/index.ts';
import { enqueue } from '../../../platform/notify/index.ts';
import { monthOf, previousPeriod } from '../periods.ts';
import { composeReport, type ReportKind, renderReport, reportLookups } from './export-report.ts';

const QUEUE = 'insights-monthly-reports';

export async function mailMonthlyReports(
  db: Executor,
  input: { provinceCode: string; recipients: readonly string[]; now?: Date },
): Promise<{ period: string; queued: number }> {
  const now = input.now ?? new Date();
  const period = previousPeriod(monthOf(now));
  if (input.recipients.length === 0) return { period: period.key, queued: 0 };
  const lookups = await reportLookups(db, input.provinceCode);
  const attachments: { filename: string; contentType: string; contentBase64: string }[] = [];
  const kinds: ReportKind[] = ['form06', 'feedback'];
  for (const kind of kinds) {
    const report = await composeReport(
      db,
      { provinceCode: input.provinceCode, period: period.key, kind, scope: { level: 'province' }, now },
      lookups,
    );
    for (const format of ['xlsx', 'pdf'] as const) {
      const file = await renderReport(report, format);
      attachments.push({
        filename: file.fileName,
        contentType: file.contentType,
        contentBase64: Buffer.from(file.bytes).toString('base64'),
      });
    }
  }
  const subject = `Báo cáo tình hình giải quyết thủ tục hành chính và phản ánh, kiến nghị — ${period.label}`;
  const text = [
    'Kính gửi anh/chị,',
    '',
    `Hệ thống Mở Cửa gửi kèm Biểu số 06/VPCP/KSTT và báo cáo phản ánh, kiến nghị của toàn tỉnh, ${period.label.toLowerCase()}, dạng Excel và PDF.`,
    'Số liệu lấy từ dữ liệu tổng hợp của bảng điều hành tại thời điểm gửi; báo cáo chính thức cần thủ trưởng đơn vị ký.',
    '',
    'Thư gửi tự động, vui lòng không trả lời.',
  ].join('\n');
  for (const recipient of input.recipients) {
    await enqueue(db, {
      provinceCode: input.provinceCode,
      channel: 'email',
      topic: 'insights.monthly_report',
      recipient,
      payload: { subject, text, attachments },
      dedupeKey: `insights-report:${period.key}:${recipient}`,
    });
  }
  return { period: period.key, queued: input.recipients.length };
}

/** Registers the monthly mailing (src/jobs.ts); nothing is scheduled without recipients. */
export async function registerInsightsJobs(
  jobs: Jobs,
  db: Executor,
  settings: { provinceCode: string; reportRecipients?: string[] | undefined },
  log: FastifyBaseLogger,
): Promise<void> {
  const recipients = settings.reportRecipients ?? [];
  if (recipients.length === 0) return;
  await jobs.work(QUEUE, async () => {
    const done = await mailMonthlyReports(db, { provinceCode: settings.provinceCode, recipients });
    log.info({ period: done.period, recipients: done.queued }, 'monthly reports queued for mailing');
  });
  await jobs.schedule(QUEUE, '0 7 1 * *');
}
