/**
 * /du-lieu-mo and /open-data: the open datasets, each month's CSV and JSON, their DCAT-AP
 * description (JSON-LD), the suppression rule and the terms of use. Public; no script.
 */
import type { PageContext } from '../../../web/context.ts';
import { Layout } from '../../../web/layout.tsx';
import { dataPath } from '../open-data/formats.ts';
import type { OpenDataListing } from '../open-data/read-open-data.ts';
import { THRESHOLD } from '../open-data/suppress.ts';

export function OpenDataPage({ ctx, base, listing }: { ctx: PageContext; base: string; listing: OpenDataListing }) {
  return (
    <Layout ctx={ctx} title="Dữ liệu mở">
      <h1>Dữ liệu mở về dịch vụ công</h1>
      <p class="lead">
        {listing.publisher} công bố số liệu tổng hợp về giải quyết thủ tục hành chính và phản ánh, kiến nghị, theo từng
        tháng, dạng CSV và JSON. Không có dữ liệu cá nhân: chỉ có số đếm theo đơn vị; ô có từ 1 đến {THRESHOLD - 1} được
        để trống (cùng một ô khác trong cùng tổng khi cần) để không suy ra được một người, một hộ.
      </p>
      <p>
        Mô tả theo DCAT-AP (JSON-LD): <a href={`${base}/catalog.jsonld`}>{`${base}/catalog.jsonld`}</a>. Được tự do sao
        chép, chia sẻ, kết hợp và sử dụng, kể cả vì mục đích thương mại; phải ghi rõ nguồn; không bán lại dữ liệu thô.
      </p>
      {listing.months.length === 0 ? <p>Chưa có tháng nào trọn vẹn để công bố.</p> : null}
      {listing.datasets.map((d) => (
        <section key={d.id} id={d.id}>
          <h2>{d.title}</h2>
          <p>{d.description}</p>
          <p>
            <a href={`${base}/${d.id}.jsonld`}>Mô tả bộ dữ liệu (JSON-LD)</a>
          </p>
          {listing.months.length > 0 ? (
            <div class="table-wrap">
              <table class="stack-table">
                <thead>
                  <tr>
                    <th scope="col">Tháng</th>
                    <th scope="col">Tải về</th>
                  </tr>
                </thead>
                <tbody>
                  {listing.months.map((m) => (
                    <tr key={m.key}>
                      <td data-label="Tháng">{m.label}</td>
                      <td data-label="Tải về">
                        <a href={dataPath(base, d.id, m.key, 'csv')}>CSV</a>
                        {' · '}
                        <a href={dataPath(base, d.id, m.key, 'json')}>JSON</a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </section>
      ))}
    </Layout>
  );
}
