/**
 * /dashboard/bao-cao: the periodic reports — form 06 (the province by level and unit, or one
 * agency or commune by field), form 07b (procedures by field) and the feedback report — for any period, as Excel or PDF
 * (/dashboard/bao-cao/tai-ve). A GET form: no script needed.
 */
import type { PageContext } from '../../../web/context.ts';
import { Layout } from '../../../web/layout.tsx';
import { parsePeriod, previousPeriod } from '../periods.ts';
import type { ReportFormat, ReportKind } from '../reports/export-report.ts';
import type { ReportScope } from '../reports/report-scope.ts';
import { DASHBOARD, invalid, UUID } from './query.ts';

export const REPORTS = `${DASHBOARD}/bao-cao`;
export const REPORT_FILE = `${REPORTS}/tai-ve`;

const KINDS: Record<string, ReportKind> = { '06': 'form06', '07b': 'form07b', pakn: 'feedback' };
const FORMATS: Record<string, ReportFormat> = { xlsx: 'xlsx', pdf: 'pdf' };

export interface ReportQuery {
  period: string;
  kind: ReportKind;
  scope: ReportScope;
  format: ReportFormat;
}

/** `?ky=2026-Q4&mau=06&cap=tinh|co-quan|xa&don-vi=<uuid>&dinh-dang=xlsx|pdf`, checked. */
export function parseReportQuery(q: Record<string, string>): ReportQuery {
  const kind = KINDS[q.mau || '06'];
  if (!kind) throw invalid('mau');
  const format = FORMATS[q['dinh-dang'] || 'xlsx'];
  if (!format) throw invalid('dinh-dang');
  const period = parsePeriod((q.ky || '').slice(0, 40)).key;
  const cap = q.cap || 'tinh';
  const unit = q['don-vi'] || '';
  let scope: ReportScope;
  if (cap === 'tinh') scope = { level: 'province' };
  else if ((cap === 'co-quan' || cap === 'xa') && UUID.test(unit)) {
    scope = cap === 'co-quan' ? { level: 'agency', agencyId: unit } : { level: 'commune', communeId: unit };
  } else throw invalid(cap === 'co-quan' || cap === 'xa' ? 'don-vi' : 'cap');
  return { period, kind, scope, format };
}

/** The link to one report file. */
function reportHref(period: string, kind: '06' | 'pakn', format: ReportFormat, scope: ReportScope): string {
  const params = new URLSearchParams({ ky: period, mau: kind, 'dinh-dang': format });
  if (scope.level === 'province') params.set('cap', 'tinh');
  if (scope.level === 'agency') params.set('cap', 'co-quan');
  if (scope.level === 'agency') params.set('don-vi', scope.agencyId);
  if (scope.level === 'commune') params.set('cap', 'xa');
  if (scope.level === 'commune') params.set('don-vi', scope.communeId);
  return `${REPORT_FILE}?${params}`;
}

export function ReportsPage({
  ctx,
  period,
  units,
}: {
  ctx: PageContext;
  period: string;
  units: { agencies: { id: string; name: string }[]; communes: { id: string; name: string }[] };
}) {
  const current = parsePeriod(period);
  const quick = [current, previousPeriod(current)];
  const province: ReportScope = { level: 'province' };
  return (
    <Layout ctx={ctx} title="Báo cáo định kỳ">
      <p>
        <a href={`${DASHBOARD}?ky=${encodeURIComponent(period)}`}>Về bảng điều hành</a>
      </p>
      <h1>Báo cáo định kỳ</h1>
      <p class="lead">
        Biểu số 06/VPCP/KSTT (Thông tư 01/2020/TT-VPCP) và báo cáo phản ánh, kiến nghị, lấy từ cùng số liệu của bảng
        điều hành. Bản Excel có ô gộp, định dạng số và phần ký; báo cáo chính thức cần thủ trưởng đơn vị ký.
      </p>
      <h2>Toàn tỉnh</h2>
      <div class="table-wrap">
        <table class="stack-table" id="bao-cao-nhanh">
          <thead>
            <tr>
              <th scope="col">Kỳ</th>
              <th scope="col">Biểu 06</th>
              <th scope="col">Phản ánh, kiến nghị</th>
            </tr>
          </thead>
          <tbody>
            {quick.map((p) => (
              <tr key={p.key}>
                <td data-label="Kỳ">{p.label}</td>
                <td data-label="Biểu 06">
                  <a href={reportHref(p.key, '06', 'xlsx', province)}>Excel</a>
                  {' · '}
                  <a href={reportHref(p.key, '06', 'pdf', province)}>PDF</a>
                </td>
                <td data-label="Phản ánh, kiến nghị">
                  <a href={reportHref(p.key, 'pakn', 'xlsx', province)}>Excel</a>
                  {' · '}
                  <a href={reportHref(p.key, 'pakn', 'pdf', province)}>PDF</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Chọn báo cáo</h2>
      <form method="get" action={REPORT_FILE} class="search-form" id="chon-bao-cao">
        <label class="label" for="ky">
          Kỳ báo cáo (tháng 2026-11, quý 2026-Q4, 6 tháng 2026-6T, 9 tháng 2026-9T, năm 2026)
        </label>
        <input class="input" id="ky" name="ky" value={period} maxLength={40} />
        <label class="label" for="mau">
          Mẫu
        </label>
        <select class="select" id="mau" name="mau">
          <option value="06">Biểu số 06/VPCP/KSTT — hồ sơ thủ tục hành chính</option>
          <option value="07b">Biểu 07b — số thủ tục hành chính, một cửa, quy trình nội bộ</option>
          <option value="pakn">Phản ánh, kiến nghị</option>
        </select>
        <label class="label" for="cap">
          Cấp
        </label>
        <select class="select" id="cap" name="cap">
          <option value="tinh">Toàn tỉnh (theo cấp và đơn vị)</option>
          <option value="co-quan">Một cơ quan cấp tỉnh (theo lĩnh vực)</option>
          <option value="xa">Một xã, phường (theo lĩnh vực)</option>
        </select>
        <label class="label" for="don-vi">
          Đơn vị (khi chọn một cơ quan hoặc một xã, phường)
        </label>
        <select class="select" id="don-vi" name="don-vi">
          <option value="">—</option>
          <optgroup label="Cơ quan cấp tỉnh">
            {units.agencies.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </optgroup>
          <optgroup label="Xã, phường">
            {units.communes.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </optgroup>
        </select>
        <fieldset class="fieldset">
          <legend class="label">Định dạng</legend>
          <label>
            <input type="radio" name="dinh-dang" value="xlsx" checked /> Excel (.xlsx)
          </label>
          <label>
            <input type="radio" name="dinh-dang" value="pdf" /> PDF
          </label>
        </fieldset>
        <button class="button" type="submit">
          Tải báo cáo
        </button>
      </form>
    </Layout>
  );
}
