/**
 * "Giấy tờ của tôi": every paper in the citizen's store, where it came from (dossier, agency,
 * signed or not, valid until), who used it and when, and "Xóa khỏi kho" for what is not a
 * legal result. Plain forms; works without script.
 */

import { Button, PostForm } from '../../../web/components/form.tsx';
import { formatDateTime, formatSize, isoOf } from '../../../web/components/format.ts';
import { Banner } from '../../../web/components/panel.tsx';
import { SummaryList } from '../../../web/components/summary-list.tsx';
import type { PageContext } from '../../../web/context.ts';
import { Layout } from '../../../web/layout.tsx';
import type { PaperView } from '../list-papers.ts';
import { MY_PAPERS, ORIGIN_LABELS, USE_LABELS, vnDate } from './labels.ts';

const TITLE = 'Giấy tờ của tôi';

function Uses({ ctx, paper }: { ctx: PageContext; paper: PaperView }) {
  if (paper.uses.length === 0) return <p class="muted">Chưa có ai sử dụng giấy tờ này.</p>;
  return (
    <table class="table">
      <caption class="visually-hidden">Lịch sử sử dụng: {paper.name}</caption>
      <thead>
        <tr>
          <th scope="col">Thời gian</th>
          <th scope="col">Việc sử dụng</th>
          <th scope="col">Hồ sơ</th>
          <th scope="col">Cơ quan</th>
        </tr>
      </thead>
      <tbody>
        {paper.uses.map((u, i) => (
          <tr key={i}>
            <td>
              <time dateTime={isoOf(u.at)}>{formatDateTime(u.at, ctx.lang)}</time>
            </td>
            <td>{USE_LABELS[u.kind]}</td>
            <td>{u.dossierCode ? <span class="code">{u.dossierCode}</span> : '—'}</td>
            <td>{u.agencyName ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Paper({ ctx, paper }: { ctx: PageContext; paper: PaperView }) {
  const id = `giay-to-${paper.id}`;
  return (
    <section class="paper" aria-labelledby={id}>
      <h2 id={id} class="h3">
        {paper.name}
      </h2>
      <SummaryList
        rows={[
          { key: 'Loại', value: ORIGIN_LABELS[paper.origin] },
          { key: 'Từ hồ sơ', value: <span class="code">{paper.dossierCode}</span> },
          { key: 'Cơ quan', value: paper.agencyName },
          { key: 'Chữ ký số', value: paper.signed ? 'Có chữ ký số của cơ quan' : 'Không có chữ ký số' },
          { key: 'Giá trị sử dụng đến', value: paper.validUntil ? vnDate(paper.validUntil) : 'Không ghi thời hạn' },
          ...(paper.attestedByName && paper.attestedAt
            ? [
                {
                  key: 'Người đối chiếu, chứng nhận',
                  value: `${paper.attestedByName}, ${formatDateTime(paper.attestedAt, ctx.lang)}`,
                },
              ]
            : []),
          { key: 'Tệp', value: `${paper.fileName} (${formatSize(paper.size, ctx.lang)})` },
          {
            key: 'Đưa vào kho',
            value: <time dateTime={isoOf(paper.addedAt)}>{formatDateTime(paper.addedAt, ctx.lang)}</time>,
          },
        ]}
      />
      <h3 class="h4">Ai đã sử dụng, khi nào</h3>
      <Uses ctx={ctx} paper={paper} />
      {paper.removable ? (
        <PostForm ctx={ctx} action={`${MY_PAPERS}/${paper.id}/xoa`} class="inline-form">
          <Button variant="warning">
            Xóa khỏi kho<span class="visually-hidden"> — {paper.name}</span>
          </Button>
        </PostForm>
      ) : (
        <p class="muted">Kết quả giải quyết có giá trị pháp lý nên được giữ trong kho, không xóa được.</p>
      )}
    </section>
  );
}

export function MyPapersPage({ ctx, papers, removed }: { ctx: PageContext; papers: PaperView[]; removed: boolean }) {
  return (
    <Layout ctx={ctx} title={TITLE}>
      {removed ? (
        <Banner kind="success" title="Đã xóa giấy tờ khỏi kho">
          Hồ sơ đã nộp vẫn giữ tệp của mình theo quy định.
        </Banner>
      ) : null}
      <h1>{TITLE}</h1>
      <p class="lead">
        Kho dữ liệu điện tử của bạn: giấy tờ đã nộp, bản số hóa và kết quả giải quyết. Khi nộp hồ sơ mới, bạn chọn giấy
        tờ trong kho thay vì tải lên lại (Nghị định 45/2020/NĐ-CP).
      </p>
      {papers.length === 0 ? (
        <p>Kho của bạn chưa có giấy tờ nào. Giấy tờ được đưa vào kho khi hồ sơ của bạn được tiếp nhận.</p>
      ) : (
        papers.map((p) => <Paper key={p.id} ctx={ctx} paper={p} />)
      )}
    </Layout>
  );
}
