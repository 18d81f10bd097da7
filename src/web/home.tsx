/**
 * The home page until the citizens' portal exists: the province's agencies, province level
 * then commune level, each in tree order, with their electronic identifier (DOMAIN.md §4.2).
 */
import type { FastifyInstance } from 'fastify';
import type { AgencyKind } from '../modules/directory/schema.ts';
import type { AgencyTreeItem } from '../modules/directory/service.ts';
import { getAdminUnit, listAgencies } from '../modules/directory/service.ts';
import { anonymous } from '../platform/auth/caller.ts';
import { DomainError } from '../platform/errors.ts';
import { assetRoutes, Layout, renderPage } from './layout.tsx';

export const agencyKindLabels: Record<AgencyKind, string> = {
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

function AgencyTable({ caption, items }: { caption: string; items: AgencyTreeItem[] }) {
  // Depth inside the group: commune agencies sit at depth 1 under the UBND tỉnh.
  const base = Math.min(...items.map((a) => a.depth));
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Cơ quan, đơn vị</th>
          <th scope="col">Mã định danh</th>
          <th scope="col">Lĩnh vực, loại</th>
          <th scope="col">Địa chỉ</th>
        </tr>
      </thead>
      <tbody>
        {items.map((a) => (
          <tr key={a.id} class={`depth-${Math.min(3, a.depth - base)}`}>
            <td>{a.name}</td>
            <td class="code">{a.code}</td>
            <td>{agencyKindLabels[a.kind]}</td>
            <td>{a.address ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function HomePage({ provinceName, agencies }: { provinceName: string; agencies: AgencyTreeItem[] }) {
  const province = agencies.filter((a) => a.level === 'province');
  const commune = agencies.filter((a) => a.level === 'commune');
  return (
    <Layout title={`Cơ quan, đơn vị — ${provinceName}`}>
      <h1>Cơ quan, đơn vị của {provinceName}</h1>
      <p class="lead">
        Danh sách cơ quan giải quyết thủ tục hành chính và các Trung tâm Phục vụ hành chính công, theo mô hình chính
        quyền địa phương hai cấp từ ngày 01/07/2025.
      </p>
      {agencies.length === 0 ? (
        <p>Chưa có dữ liệu cơ quan, đơn vị.</p>
      ) : (
        <>
          <h2>Cấp tỉnh</h2>
          {province.length > 0 ? (
            <AgencyTable caption={`Cơ quan cấp tỉnh (${province.length})`} items={province} />
          ) : null}
          <h2>Cấp xã</h2>
          {commune.length > 0 ? (
            <AgencyTable caption={`Xã, phường, đặc khu và trung tâm phục vụ (${commune.length})`} items={commune} />
          ) : (
            <p>Chưa có cơ quan cấp xã.</p>
          )}
        </>
      )}
    </Layout>
  );
}

export async function homeRoutes(app: FastifyInstance): Promise<void> {
  assetRoutes(app);
  const provinceCode = app.deps.config.provinceCode;
  app.get('/', { schema: { hide: true } }, async (_request, reply) => {
    const db = app.deps.database.db;
    const agencies = await listAgencies(db, anonymous, { provinceCode });
    let provinceName = `tỉnh (mã ${provinceCode})`;
    try {
      // "Tỉnh Tuyên Quang" reads "tỉnh Tuyên Quang" inside a sentence.
      provinceName = (await getAdminUnit(db, anonymous, provinceCode)).name.replace(/^(Tỉnh|Thành phố) /, (m) =>
        m.toLowerCase(),
      );
    } catch (err) {
      // Before the seed has loaded the units the page still renders, with the code.
      if (!(err instanceof DomainError)) throw err;
    }
    return reply
      .type('text/html; charset=utf-8')
      .send(renderPage(<HomePage provinceName={provinceName} agencies={agencies} />));
  });
}
