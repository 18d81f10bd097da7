/** /dashboard: the period's form 06 figures, rates, charts, breakdown, trend, 766 ranking and overdue list. */
import type { PageContext } from '../../../web/context.ts';
import { Layout } from '../../../web/layout.tsx';
import { BarChart, COLOURS, LineChart, StackedBar } from '../charts.tsx';
import type { Filters } from '../dimensions.ts';
import type { Figure } from '../drill.ts';
import type { DashboardData } from '../service.ts';
import { TARGET_INDICATORS } from '../targets.ts';
import { DossierTable, FilterSummary, PeriodForm, RankingTable } from './components.tsx';
import {
  DASHBOARD,
  type DashboardQuery,
  DIMENSION_LABELS,
  DIMENSIONS,
  FIGURE_LABELS,
  hrefOf,
  num,
  pct,
} from './query.ts';

export function DashboardPage({ ctx, q, data }: { ctx: PageContext; q: DashboardQuery; data: DashboardData }) {
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
      <div class="table-wrap">
        <table class="stack-table" id="ty-le">
          <thead>
            <tr>
              <th scope="col">Tỷ lệ</th>
              <th scope="col">Thực hiện</th>
              <th scope="col">Chỉ tiêu năm</th>
              <th scope="col">Đánh giá</th>
            </tr>
          </thead>
          <tbody>
            {(
              [
                ['onTimeRate', 'ty-le-dung-han', d.onTimeRate.percent],
                ['onlineRate', 'ty-le-truc-tuyen', d.onlineRate.percent],
                ['fullOnlineRate', 'ty-le-toan-trinh', d.fullOnlineRate.percent],
                ['electronicResultRate', 'ty-le-ket-qua-dien-tu', d.electronicResultRate.percent],
                ['digitisedRate', 'ty-le-so-hoa', d.digitisedRate.percent],
                ['satisfiedRate', 'ty-le-hai-long', data.indicators.satisfaction.satisfiedRate.percent],
                [
                  'feedbackOnTime',
                  'ty-le-pakn',
                  data.indicators.feedback ? data.indicators.feedback.handling.rate : undefined,
                ],
              ] as const
            ).map(([key, id, actual]) => {
              const target = data.targets[key];
              const verdict =
                target === undefined || actual === null || actual === undefined
                  ? '—'
                  : actual >= target
                    ? 'Đạt'
                    : `Chưa đạt (thiếu ${(target - actual).toLocaleString('vi-VN', { maximumFractionDigits: 2 })} điểm %)`;
              return (
                <tr key={id} id={id}>
                  <th scope="row">{TARGET_INDICATORS[key]}</th>
                  <td data-label="Thực hiện" class="summary-value">
                    {actual === undefined ? 'không áp dụng' : pct({ percent: actual })}
                  </td>
                  <td data-label="Chỉ tiêu năm">{target === undefined ? '—' : pct({ percent: target })}</td>
                  <td data-label="Đánh giá">{verdict}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p>
        <a href={`${DASHBOARD}/chi-tieu`}>Chỉ tiêu năm</a>
        {' · '}
        <a href={hrefOf(`${DASHBOARD}/man-hinh`, q.period, {})}>Màn hình treo tường (tự tải lại)</a>
        {' · '}
        <a href={hrefOf(`${DASHBOARD}/bao-cao`, q.period, {})} id="bao-cao">
          Báo cáo định kỳ (Biểu 06, phản ánh, kiến nghị)
        </a>
      </p>

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
        title="Tỷ lệ giải quyết đúng hạn (trước hạn và đúng hạn ÷ đã giải quyết trong tháng), sáu tháng gần nhất (%)"
        points={data.trend.map((p) => ({ label: p.label, value: p.onTimePercent }))}
      />
      <BarChart
        id="xu-huong-nhan"
        title="Hồ sơ mới tiếp nhận sáu tháng gần nhất"
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
