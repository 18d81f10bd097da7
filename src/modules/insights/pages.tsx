/**
 * /dashboard — the leaders' and the operations centre's pages: the period's figures (form 06
 * columns, the rates), charts drawn on the server as SVG, the breakdown by agency, commune,
 * field, procedure or channel, the six-month trend, the agencies' 766 ranking and the overdue
 * dossiers with the officer holding each. Every figure links to the dossiers behind it
 * (/dashboard/ho-so), every dossier to its page in the workspace. Plain links and GET forms:
 * no script needed, and the pages print.
 */
import compress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../platform/errors.ts';
import { formatDate } from '../../web/components/format.ts';
import type { PageContext } from '../../web/context.ts';
import { pageContext } from '../../web/context.ts';
import { pageErrorHandler, queryOf, sendPage } from '../../web/http.tsx';
import { Layout } from '../../web/layout.tsx';
import { BarChart, COLOURS, LineChart, StackedBar } from './charts.tsx';
import type { IndexLevel, ScopeScore } from './index766.ts';
import { CHANNEL_LABELS, type Dimension, type Figure, type Filters, figures, type Rate } from './indicators.ts';
import { monthOf } from './periods.ts';
import { type DashboardData, dashboard, drillDown, type ListedDossier, serviceIndexReport } from './service.ts';

const DASHBOARD = '/dashboard';

const DIMENSIONS: Record<string, Dimension> = {
  'co-quan': 'agency',
  xa: 'commune',
  'linh-vuc': 'field',
  'thu-tuc': 'procedure',
  kenh: 'channel',
};
const DIMENSION_LABELS: Record<Dimension, string> = {
  agency: 'Cơ quan',
  commune: 'Xã, phường',
  field: 'Lĩnh vực',
  procedure: 'Thủ tục',
  channel: 'Kênh nộp',
};
const FIGURE_LABELS: Record<Figure, string> = {
  received: 'Tổng số hồ sơ nhận giải quyết',
  carriedOver: 'Từ kỳ trước chuyển sang',
  online: 'Tiếp nhận trực tuyến',
  counter: 'Tiếp nhận trực tiếp',
  post: 'Tiếp nhận qua bưu chính công ích',
  handled: 'Đã giải quyết',
  early: 'Giải quyết trước hạn',
  onTime: 'Giải quyết đúng hạn',
  late: 'Giải quyết quá hạn',
  inProgress: 'Đang giải quyết',
  withinTime: 'Đang giải quyết trong hạn',
  overdue: 'Đang giải quyết quá hạn',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const invalid = (field: string) =>
  new DomainError('VALIDATION_FAILED', { field }, `Tham số “${field}” của bảng điều hành không hợp lệ.`);

interface DashboardQuery {
  period: string;
  filters: Filters;
  dimension: Dimension;
}

/** The query string, checked: anything else is a 400 (hostile text never reaches a query). */
function parseDashboardQuery(q: Record<string, string>, now: Date): DashboardQuery {
  const id = (name: string, extra?: string) => {
    const v = q[name];
    if (v === undefined || v === '') return undefined;
    if (UUID.test(v) || v === extra) return v;
    throw invalid(name);
  };
  const channel = q.kenh || undefined;
  if (channel && !(channel in CHANNEL_LABELS)) throw invalid('kenh');
  const field = q['linh-vuc'] || undefined;
  if (field && !/^[a-z0-9-]{1,64}$/.test(field)) throw invalid('linh-vuc');
  const nhom = q.nhom || 'co-quan';
  const dimension = DIMENSIONS[nhom];
  if (!dimension) throw invalid('nhom');
  const period = (q.ky || monthOf(now).key).slice(0, 40);
  return {
    period,
    dimension,
    filters: {
      agencyId: id('co-quan'),
      communeId: id('xa', 'province'),
      fieldCode: field,
      procedureId: id('thu-tuc'),
      channel: channel as Filters['channel'],
    },
  };
}

/** The query string of a period and filters (and more), for links. */
function hrefOf(path: string, period: string, filters: Filters, more: Record<string, string> = {}): string {
  const params = new URLSearchParams({ ky: period });
  if (filters.agencyId) params.set('co-quan', filters.agencyId);
  if (filters.communeId) params.set('xa', filters.communeId);
  if (filters.fieldCode) params.set('linh-vuc', filters.fieldCode);
  if (filters.procedureId) params.set('thu-tuc', filters.procedureId);
  if (filters.channel) params.set('kenh', filters.channel);
  for (const [k, v] of Object.entries(more)) params.set(k, v);
  return `${path}?${params}`;
}

const num = (n: number) => n.toLocaleString('vi-VN');
const pct = (r: Rate | { percent: number | null }) =>
  r.percent === null ? 'N/A' : `${r.percent.toLocaleString('vi-VN', { maximumFractionDigits: 2 })}%`;
const pts = (n: number) => n.toLocaleString('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function FilterSummary({ data, filters }: { data: { lookups: DashboardData['lookups'] }; filters: Filters }) {
  const parts: string[] = [];
  if (filters.agencyId) parts.push(`cơ quan: ${data.lookups.agencies.get(filters.agencyId)?.name ?? '—'}`);
  if (filters.communeId)
    parts.push(
      filters.communeId === 'province'
        ? 'cấp tỉnh'
        : `xã, phường: ${data.lookups.agencies.get(filters.communeId)?.name ?? '—'}`,
    );
  if (filters.fieldCode) {
    const f = [...data.lookups.procedures.values()].find((p) => p.fieldCode === filters.fieldCode);
    parts.push(`lĩnh vực: ${f?.fieldName ?? filters.fieldCode}`);
  }
  if (filters.procedureId) parts.push(`thủ tục: ${data.lookups.procedures.get(filters.procedureId)?.name ?? '—'}`);
  if (filters.channel) parts.push(`kênh: ${CHANNEL_LABELS[filters.channel]}`);
  return <p class="lead">{parts.length === 0 ? 'Toàn tỉnh' : parts.join('; ')}</p>;
}

function PeriodForm({ q, action }: { q: DashboardQuery; action: string }) {
  return (
    <form method="get" action={action} class="search-form">
      <label class="label" for="ky">
        Kỳ báo cáo (tháng 2026-11, quý 2026-Q4, 6 tháng 2026-6T, 9 tháng 2026-9T, năm 2026, hoặc 2026-11-01..2026-11-30)
      </label>
      <input class="input" id="ky" name="ky" value={q.period} maxLength={40} />
      <label class="label" for="nhom">
        Phân theo
      </label>
      <select class="select" id="nhom" name="nhom">
        {Object.entries(DIMENSIONS).map(([key, d]) => (
          <option key={key} value={key} selected={d === q.dimension}>
            {DIMENSION_LABELS[d]}
          </option>
        ))}
      </select>
      {q.filters.agencyId ? <input type="hidden" name="co-quan" value={q.filters.agencyId} /> : null}
      {q.filters.communeId ? <input type="hidden" name="xa" value={q.filters.communeId} /> : null}
      {q.filters.fieldCode ? <input type="hidden" name="linh-vuc" value={q.filters.fieldCode} /> : null}
      {q.filters.procedureId ? <input type="hidden" name="thu-tuc" value={q.filters.procedureId} /> : null}
      {q.filters.channel ? <input type="hidden" name="kenh" value={q.filters.channel} /> : null}
      <button class="button" type="submit">
        Xem
      </button>
    </form>
  );
}

function DashboardPage({ ctx, q, data }: { ctx: PageContext; q: DashboardQuery; data: DashboardData }) {
  const d = data.indicators.dossiers;
  const drill = (figure: Figure) => hrefOf(`${DASHBOARD}/ho-so`, q.period, q.filters, { 'chi-so': figure });
  const cell = (figure: Figure, value: number) => (
    <td data-label={FIGURE_LABELS[figure]} data-figure={figure}>
      <a href={drill(figure)}>{num(value)}</a>
    </td>
  );
  const nhom = Object.entries(DIMENSIONS).find(([, v]) => v === q.dimension)?.[0] ?? 'co-quan';
  const groupHref = (key: string) => {
    const f: Filters = { ...q.filters };
    if (q.dimension === 'agency') f.agencyId = key;
    if (q.dimension === 'commune') f.communeId = key;
    if (q.dimension === 'field') f.fieldCode = key;
    if (q.dimension === 'procedure') f.procedureId = key;
    if (q.dimension === 'channel') f.channel = key as Filters['channel'];
    // Drill on: agency → procedure, commune → agency, field → procedure, procedure → channel.
    const next = { agency: 'thu-tuc', commune: 'co-quan', field: 'thu-tuc', procedure: 'kenh', channel: 'co-quan' }[
      q.dimension
    ];
    return hrefOf(DASHBOARD, q.period, f, { nhom: next });
  };
  return (
    <Layout ctx={ctx} title={`Bảng điều hành — ${data.period.label}`}>
      <h1>Bảng điều hành — {data.period.label}</h1>
      <FilterSummary data={data} filters={q.filters} />
      <PeriodForm q={q} action={DASHBOARD} />
      {Object.values(q.filters).some(Boolean) ? (
        <p>
          <a href={hrefOf(DASHBOARD, q.period, {}, { nhom })}>Xem toàn tỉnh</a>
        </p>
      ) : null}

      <h2>Tình hình giải quyết hồ sơ (Biểu 06)</h2>
      <div class="table-wrap">
        <table class="stack-table" id="bieu-06">
          <thead>
            <tr>
              <th scope="col">Nhận giải quyết</th>
              <th scope="col">Từ kỳ trước</th>
              <th scope="col">Trực tuyến</th>
              <th scope="col">Trực tiếp</th>
              <th scope="col">Bưu chính</th>
              <th scope="col">Đã giải quyết</th>
              <th scope="col">Trước hạn</th>
              <th scope="col">Đúng hạn</th>
              <th scope="col">Quá hạn</th>
              <th scope="col">Đang giải quyết</th>
              <th scope="col">Trong hạn</th>
              <th scope="col">Quá hạn</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              {cell('received', d.received.total)}
              {cell('carriedOver', d.received.carriedOver)}
              {cell('online', d.received.online)}
              {cell('counter', d.received.counter)}
              {cell('post', d.received.post)}
              {cell('handled', d.handled.total)}
              {cell('early', d.handled.early)}
              {cell('onTime', d.handled.onTime)}
              {cell('late', d.handled.late)}
              {cell('inProgress', d.inProgress.total)}
              {cell('withinTime', d.inProgress.withinTime)}
              {cell('overdue', d.inProgress.overdue)}
            </tr>
          </tbody>
        </table>
      </div>
      {d.unclassified > 0 ? (
        <p>{num(d.unclassified)} hồ sơ chưa có ngày hẹn trả nên chưa xếp loại đúng hạn/quá hạn.</p>
      ) : null}
      <StackedBar
        id="ket-qua"
        title="Kết quả giải quyết và hồ sơ đang giải quyết"
        segments={[
          { key: 'early', label: 'Trước hạn', value: d.handled.early, colour: COLOURS.early, href: drill('early') },
          { key: 'onTime', label: 'Đúng hạn', value: d.handled.onTime, colour: COLOURS.onTime, href: drill('onTime') },
          { key: 'late', label: 'Quá hạn', value: d.handled.late, colour: COLOURS.late, href: drill('late') },
          {
            key: 'within',
            label: 'Đang, trong hạn',
            value: d.inProgress.withinTime,
            colour: COLOURS.withinTime,
            href: drill('withinTime'),
          },
        ]}
      />

      <h2>Các tỷ lệ</h2>
      <dl class="summary-list" id="ty-le">
        {[
          ['Đúng hạn (766, chỉ số 2.1)', pct(d.onTimeRate), 'ty-le-dung-han'],
          ['Hồ sơ trực tuyến', pct(d.onlineRate), 'ty-le-truc-tuyen'],
          ['Trực tuyến toàn trình (766, 3.x)', pct(d.fullOnlineRate), 'ty-le-toan-trinh'],
          ['Kết quả điện tử (766, 4.1)', pct(d.electronicResultRate), 'ty-le-ket-qua-dien-tu'],
          ['Hồ sơ số hóa (766, 4.2)', pct(d.digitisedRate), 'ty-le-so-hoa'],
          ['Hài lòng (phiếu đánh giá)', pct(data.indicators.satisfaction.satisfiedRate), 'ty-le-hai-long'],
          [
            'Phản ánh, kiến nghị xử lý đúng hạn (766, 5.2)',
            data.indicators.feedback ? pct({ percent: data.indicators.feedback.handling.rate }) : 'không áp dụng',
            'ty-le-pakn',
          ],
        ].map(([k, v, id]) => (
          <div class="summary-row" key={id} id={id}>
            <dt class="summary-key">{k}</dt>
            <dd class="summary-value">{v}</dd>
          </div>
        ))}
      </dl>

      <h2>Theo {DIMENSION_LABELS[q.dimension].toLowerCase()}</h2>
      <BarChart
        id="theo-nhom"
        title={`Tỷ lệ đúng hạn theo ${DIMENSION_LABELS[q.dimension].toLowerCase()}`}
        max={100}
        unit="%"
        bars={data.breakdown.slice(0, 20).map((b) => ({
          label: b.label,
          value: b.indicators.dossiers.onTimeRate.percent,
          href: groupHref(b.key),
        }))}
      />
      <div class="table-wrap">
        <table class="stack-table" id="bang-theo-nhom">
          <thead>
            <tr>
              <th scope="col">{DIMENSION_LABELS[q.dimension]}</th>
              <th scope="col">Nhận</th>
              <th scope="col">Đã giải quyết</th>
              <th scope="col">Quá hạn (đã và đang)</th>
              <th scope="col">Đúng hạn</th>
              <th scope="col">Trực tuyến</th>
            </tr>
          </thead>
          <tbody>
            {data.breakdown.map((b) => (
              <tr key={b.key}>
                <td data-label={DIMENSION_LABELS[q.dimension]}>
                  <a href={groupHref(b.key)}>{b.label}</a>
                </td>
                <td data-label="Nhận">{num(b.indicators.dossiers.received.total)}</td>
                <td data-label="Đã giải quyết">{num(b.indicators.dossiers.handled.total)}</td>
                <td data-label="Quá hạn">
                  {num(b.indicators.dossiers.handled.late + b.indicators.dossiers.inProgress.overdue)}
                </td>
                <td data-label="Đúng hạn">{pct(b.indicators.dossiers.onTimeRate)}</td>
                <td data-label="Trực tuyến">{pct(b.indicators.dossiers.onlineRate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>Xu hướng sáu tháng</h2>
      <LineChart
        id="xu-huong"
        title="Tỷ lệ đúng hạn sáu tháng gần nhất (%)"
        points={data.trend.map((p) => ({ label: p.label, value: p.onTimePercent }))}
      />
      <BarChart
        id="xu-huong-nhan"
        title="Hồ sơ nhận giải quyết sáu tháng gần nhất"
        bars={data.trend.map((p) => ({
          label: p.label,
          value: p.received,
          href: hrefOf(DASHBOARD, p.key, q.filters, { nhom }),
        }))}
      />

      <h2>Xếp hạng chỉ số 766 của các cơ quan</h2>
      <RankingTable scores={data.ranking} period={q.period} />
      <p>
        <a href={hrefOf(`${DASHBOARD}/chi-so-766`, q.period, {}, { cap: 'co-quan' })}>
          Chi tiết chỉ số 766 theo cơ quan
        </a>
        {' · '}
        <a href={hrefOf(`${DASHBOARD}/chi-so-766`, q.period, {}, { cap: 'xa' })}>theo xã, phường</a>
        {' · '}
        <a href={hrefOf(`${DASHBOARD}/chi-so-766`, q.period, {}, { cap: 'tinh' })}>toàn tỉnh</a>
      </p>

      <h2>Hồ sơ đang quá hạn ({num(data.overdueTotal)})</h2>
      {data.listScope.kind === 'commune' ? <p>Chỉ hiện hồ sơ của xã, phường nơi anh/chị công tác.</p> : null}
      <DossierTable items={data.overdue} id="qua-han" />
      {data.overdueTotal > data.overdue.length ? (
        <p>
          <a href={drill('overdue')}>Xem tất cả {num(data.overdueTotal)} hồ sơ quá hạn</a>
        </p>
      ) : null}
    </Layout>
  );
}

function RankingTable({ scores, period }: { scores: ScopeScore[]; period: string }) {
  if (scores.length === 0) return <p>Chưa có hồ sơ trong kỳ.</p>;
  return (
    <div class="table-wrap">
      <table class="stack-table" id="xep-hang">
        <thead>
          <tr>
            <th scope="col">Hạng</th>
            <th scope="col">Đơn vị</th>
            <th scope="col">Điểm</th>
            <th scope="col">Trên số điểm có dữ liệu</th>
            <th scope="col">So với kỳ trước</th>
          </tr>
        </thead>
        <tbody>
          {scores.map((s) => (
            <tr key={s.key} data-key={s.key}>
              <td data-label="Hạng">{s.rank ?? '—'}</td>
              <td data-label="Đơn vị">
                <a
                  href={hrefOf(DASHBOARD, period, s.key === 'province' ? {} : { agencyId: s.key }, { nhom: 'thu-tuc' })}
                >
                  {s.label}
                </a>
              </td>
              <td data-label="Điểm">{pts(s.index.total)}</td>
              <td data-label="Trên số điểm có dữ liệu">{s.index.available}/100</td>
              <td data-label="So với kỳ trước">
                {s.change === null ? '—' : `${s.change > 0 ? '+' : ''}${pts(s.change)}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DossierTable({ items, id }: { items: ListedDossier[]; id: string }) {
  if (items.length === 0) return <p>Không có hồ sơ.</p>;
  return (
    <div class="table-wrap">
      <table class="stack-table" id={id}>
        <thead>
          <tr>
            <th scope="col">Mã hồ sơ</th>
            <th scope="col">Thủ tục</th>
            <th scope="col">Cơ quan đang giữ</th>
            <th scope="col">Cán bộ đang xử lý</th>
            <th scope="col">Tiếp nhận</th>
            <th scope="col">Hẹn trả</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.dossierId}>
              <td data-label="Mã hồ sơ">
                <a href={`/workspace/ho-so/${encodeURIComponent(i.code)}`}>{i.code}</a>
              </td>
              <td data-label="Thủ tục">{i.procedureName}</td>
              <td data-label="Cơ quan đang giữ">{i.holdingAgencyName}</td>
              <td data-label="Cán bộ đang xử lý">
                {i.holder ?? (i.finishedAt ? '—' : 'Chưa phân công')}
                {i.holderStep ? ` (${i.holderStep})` : ''}
              </td>
              <td data-label="Tiếp nhận">{i.receivedAt ? formatDate(i.receivedAt) : '—'}</td>
              <td data-label="Hẹn trả">{i.dueAt ? formatDate(i.dueAt) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const LEVELS: Record<string, IndexLevel> = { 'co-quan': 'agency', xa: 'commune', tinh: 'province' };

function IndexPage({
  ctx,
  period,
  level,
  report,
}: {
  ctx: PageContext;
  period: string;
  level: IndexLevel;
  report: Awaited<ReturnType<typeof serviceIndexReport>>;
}) {
  const heading = { agency: 'theo cơ quan', commune: 'theo xã, phường', province: 'toàn tỉnh' }[level];
  return (
    <Layout ctx={ctx} title={`Chỉ số 766 ${heading} — ${report.period.label}`}>
      <h1>
        Chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ (QĐ 766/QĐ-TTg) {heading} — {report.period.label}
      </h1>
      <p class="lead">
        So với {report.previous.label}. Thành phần “chưa có dữ liệu” là những thành phần Mở Cửa chưa có dữ liệu đầu vào;
        không được ước tính và không tính vào tổng.
      </p>
      <p>
        <a href={hrefOf(DASHBOARD, period, {})}>Về bảng điều hành</a>
      </p>
      <RankingTable scores={report.scores} period={period} />
      {report.scores.map((s) => (
        <section key={s.key} id={`don-vi-${s.key}`}>
          <h2>
            {s.rank ? `${s.rank}. ` : ''}
            {s.label}: {pts(s.index.total)} điểm
          </h2>
          <BarChart
            id={`nhom-${s.key}`}
            title={`Điểm theo nhóm chỉ số — ${s.label}`}
            max={22}
            bars={s.index.groups.map((g) => ({
              label: `${g.code} ${g.name} (tối đa ${g.max})`,
              value: g.available > 0 ? g.points : null,
            }))}
          />
          <div class="table-wrap">
            <table class="stack-table">
              <thead>
                <tr>
                  <th scope="col">Chỉ số</th>
                  <th scope="col">Công thức</th>
                  <th scope="col">Số liệu</th>
                  <th scope="col">Tỷ lệ</th>
                  <th scope="col">Điểm / tối đa</th>
                </tr>
              </thead>
              <tbody>
                {s.index.groups.flatMap((g) =>
                  g.components.map((c) => (
                    <tr key={c.id} data-component={c.id}>
                      <td data-label="Chỉ số">
                        {c.id} {c.name} ({g.code})
                      </td>
                      <td data-label="Công thức">{c.formula}</td>
                      <td data-label="Số liệu">
                        {c.result.status === 'noData'
                          ? c.result.reason
                          : Object.entries(c.result.inputs)
                              .map(([k, v]) => `${k}: ${num(v)}`)
                              .join('; ')}
                      </td>
                      <td data-label="Tỷ lệ">
                        {c.result.status === 'scored'
                          ? `${c.result.ratePercent.toLocaleString('vi-VN', { maximumFractionDigits: 2 })}%`
                          : c.result.status === 'noData'
                            ? 'Chưa có dữ liệu'
                            : 'Không có hồ sơ trong kỳ'}
                      </td>
                      <td data-label="Điểm / tối đa">
                        {c.result.status === 'scored' ? pts(c.result.points) : '—'} / {c.max}
                      </td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </Layout>
  );
}

function DrillPage({
  ctx,
  q,
  figure,
  result,
}: {
  ctx: PageContext;
  q: DashboardQuery;
  figure: Figure;
  result: Awaited<ReturnType<typeof drillDown>>;
}) {
  return (
    <Layout ctx={ctx} title={`${FIGURE_LABELS[figure]} — ${result.period.label}`}>
      <p>
        <a href={hrefOf(DASHBOARD, q.period, q.filters)}>Về bảng điều hành</a>
      </p>
      <h1>
        {FIGURE_LABELS[figure]} — {result.period.label}
      </h1>
      <FilterSummary data={result} filters={q.filters} />
      <p id="so-ho-so">
        {num(result.total)} hồ sơ
        {result.total > result.items.length ? `; hiện ${num(result.items.length)} hồ sơ đầu tiên` : ''}.
      </p>
      {result.listScope.kind === 'commune' ? <p>Chỉ hiện hồ sơ của xã, phường nơi anh/chị công tác.</p> : null}
      <DossierTable items={result.items} id="ho-so" />
    </Layout>
  );
}

export async function insightsPageRoutes(app: FastifyInstance): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(compress, { global: true, encodings: ['br', 'gzip'], threshold: 512 });
    scope.setErrorHandler(pageErrorHandler('workspace'));
    const db = () => scope.deps.database.db;
    const provinceCode = () => scope.deps.config.provinceCode;

    scope.get(DASHBOARD, { schema: { hide: true } }, async (request, reply) => {
      const q = parseDashboardQuery(queryOf(request), new Date());
      const data = await dashboard(db(), request.caller, { provinceCode: provinceCode(), ...q });
      return sendPage(reply, <DashboardPage ctx={pageContext(request, reply, 'workspace')} q={q} data={data} />);
    });

    scope.get(`${DASHBOARD}/ho-so`, { schema: { hide: true } }, async (request, reply) => {
      const raw = queryOf(request);
      const q = parseDashboardQuery(raw, new Date());
      const figure = raw['chi-so'] as Figure;
      if (!(figures as readonly string[]).includes(figure)) throw invalid('chi-so');
      const result = await drillDown(db(), request.caller, {
        provinceCode: provinceCode(),
        period: q.period,
        filters: q.filters,
        figure,
      });
      return sendPage(
        reply,
        <DrillPage ctx={pageContext(request, reply, 'workspace')} q={q} figure={figure} result={result} />,
      );
    });

    scope.get(`${DASHBOARD}/chi-so-766`, { schema: { hide: true } }, async (request, reply) => {
      const raw = queryOf(request);
      const q = parseDashboardQuery(raw, new Date());
      const level = LEVELS[raw.cap || 'co-quan'];
      if (!level) throw invalid('cap');
      const report = await serviceIndexReport(db(), request.caller, {
        provinceCode: provinceCode(),
        period: q.period,
        level,
      });
      return sendPage(
        reply,
        <IndexPage ctx={pageContext(request, reply, 'workspace')} period={q.period} level={level} report={report} />,
      );
    });
  });
}
