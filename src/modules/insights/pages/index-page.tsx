/** /dashboard/chi-so-766: every 766 component's formula, inputs, rate and points, per agency, commune or the province. */
import type { PageContext } from '../../../web/context.ts';
import { Layout } from '../../../web/layout.tsx';
import { BarChart } from '../charts.tsx';
import type { IndexLevel } from '../index766-ranking.ts';
import type { serviceIndexReport } from '../service.ts';
import { RankingTable } from './components.tsx';
import { DASHBOARD, hrefOf, num, pts } from './query.ts';

export const LEVELS: Record<string, IndexLevel> = { 'co-quan': 'agency', xa: 'commune', tinh: 'province' };

export function IndexPage({
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
