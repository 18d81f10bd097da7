/** Pieces the dashboard's pages share: the filter summary, the period form, the ranking and dossier tables. */
import { formatDate } from '../../../web/components/format.ts';
import { CHANNEL_LABELS, type Filters, type Lookups } from '../dimensions.ts';
import type { ScopeScore } from '../index766-ranking.ts';
import type { ListedDossier } from '../service.ts';
import { DASHBOARD, type DashboardQuery, DIMENSION_LABELS, DIMENSIONS, hrefOf, pts } from './query.ts';

export function FilterSummary({ data, filters }: { data: { lookups: Lookups }; filters: Filters }) {
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

export function PeriodForm({ q, action }: { q: DashboardQuery; action: string }) {
  return (
    <form method="get" action={action} class="search-form">
      <label class="label" for="ky">
        Kỳ báo cáo (tháng 2026-11, quý 2026-Q4, 6 tháng 2026-6T, 9 tháng 2026-9T, năm 2026, 2026-11-01..2026-11-30, hoặc
        kỳ 15–14 theo NĐ 09/2019: 2026-11-BC, 2026-Q4-BC, 2026-BC)
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

export function RankingTable({ scores, period }: { scores: ScopeScore[]; period: string }) {
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

export function DossierTable({ items, id }: { items: ListedDossier[]; id: string }) {
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
