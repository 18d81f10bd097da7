/**
 * The province's agencies, province level then commune level, each in tree order, with their
 * electronic identifier (DOMAIN.md §4.2).
 */

import type { PageContext } from '../../../web/context.ts';
import { Layout } from '../../../web/layout.tsx';
import type { AgencyKind, AgencyTreeItem } from '../index.ts';

const agencyKindLabels: Record<AgencyKind, string> = {
  people_committee: 'Ủy ban nhân dân',
  service_centre: 'Trung tâm Phục vụ hành chính công',
  commune: 'UBND xã, phường, đặc khu',
  justice: 'Tư pháp',
  home_affairs: 'Nội vụ',
  finance: 'Tài chính',
  agriculture_environment: 'Nông nghiệp và Môi trường',
  construction: 'Xây dựng',
  health: 'Y tế',
  education: 'Giáo dục và Đào tạo',
  culture: 'Văn hóa, Thể thao và Du lịch',
  science_technology: 'Khoa học và Công nghệ',
  industry_trade: 'Công Thương',
  police: 'Công an',
  inspectorate: 'Thanh tra',
};

function AgencyTable({ ctx, caption, items }: { ctx: PageContext; caption: string; items: AgencyTreeItem[] }) {
  const t = ctx.t;
  // Depth inside the group: commune agencies sit at depth 1 under the UBND tỉnh.
  const base = Math.min(...items.map((a) => a.depth));
  return (
    <div class="table-wrap">
      <table class="stack-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t.agencyName}</th>
            <th scope="col">{t.agencyCode}</th>
            <th scope="col">{t.agencyKind}</th>
            <th scope="col">{t.agencyAddress}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr key={a.id} class={`depth-${Math.min(3, a.depth - base)}`}>
              <td>{a.name}</td>
              <td class="code" data-label={t.agencyCode}>
                {a.code}
              </td>
              <td data-label={t.agencyKind}>{agencyKindLabels[a.kind]}</td>
              <td data-label={t.agencyAddress}>{a.address ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AgenciesPage({
  ctx,
  provinceName,
  agencies,
}: {
  ctx: PageContext;
  provinceName: string;
  agencies: AgencyTreeItem[];
}) {
  const t = ctx.t;
  const province = agencies.filter((a) => a.level === 'province');
  const commune = agencies.filter((a) => a.level === 'commune');
  return (
    <Layout ctx={ctx} title={t.agenciesTitle(provinceName)}>
      <h1>{t.agenciesTitle(provinceName)}</h1>
      <p class="lead">{t.agenciesLead}</p>
      {agencies.length === 0 ? (
        <p>{t.noAgencies}</p>
      ) : (
        <>
          <h2>{t.provinceLevel}</h2>
          {province.length > 0 ? (
            <AgencyTable ctx={ctx} caption={t.provinceAgencies(province.length)} items={province} />
          ) : null}
          <h2>{t.communeLevel}</h2>
          {commune.length > 0 ? (
            <AgencyTable ctx={ctx} caption={t.communeAgencies(commune.length)} items={commune} />
          ) : (
            <p>{t.noCommuneAgencies}</p>
          )}
        </>
      )}
    </Layout>
  );
}
