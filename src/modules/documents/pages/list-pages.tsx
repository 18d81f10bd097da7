/**
 * The documents workspace lists: the inboxes by role with the search (subject, number, issuer,
 * date; accent-folded), the Annex IV registers (printable, with the Excel export) and the
 * follow-up book of incoming documents.
 */
import { ButtonLink } from '../../../web/components/form.tsx';
import type { PageContext } from '../../../web/context.ts';
import { Layout } from '../../../web/layout.tsx';
import type { InboxItem, InboxKind } from '../inboxes.ts';
import { inboxLabels } from '../inboxes.ts';
import type { FollowUpRow, RegisterEntry } from '../registers.ts';
import { registerColumns } from '../registers.ts';
import { stateLabels } from '../states.ts';
import { BASE, documentHref, urgencyLabels, vnDate } from './labels.ts';

function Items({ items }: { items: InboxItem[] }) {
  if (items.length === 0) return <p>Không có văn bản nào.</p>;
  return (
    <div class="table-wrap">
      <table class="stack-table">
        <thead>
          <tr>
            <th scope="col">Số, ký hiệu</th>
            <th scope="col">Trích yếu</th>
            <th scope="col">Cơ quan ban hành</th>
            <th scope="col">Trạng thái</th>
            <th scope="col">Hạn</th>
          </tr>
        </thead>
        <tbody>
          {items.map((d) => (
            <tr key={d.id}>
              <td>{d.codeNumber ? `${d.codeNumber}/${d.codeNotation}` : d.codeNotation}</td>
              <td>
                <a href={documentHref(d.id)}>{`${d.typeName}: ${d.subject}`}</a>
                {d.urgency !== 'normal' ? (
                  <strong class="tag tag-red"> {urgencyLabels[d.urgency as 'urgent']}</strong>
                ) : null}
              </td>
              <td>{d.issuerName}</td>
              <td>{stateLabels[d.state as keyof typeof stateLabels] ?? d.state}</td>
              <td>
                {vnDate(d.dueDate) || '—'}
                {d.overdue ? <strong class="tag tag-red"> Quá hạn</strong> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function DocumentsHome(props: {
  ctx: PageContext;
  boxes: InboxKind[];
  box: InboxKind | 'search';
  items: InboxItem[];
  query: { q: string; from: string; to: string };
  canRegister: boolean;
  year: number;
}) {
  const { ctx, query } = props;
  return (
    <Layout ctx={ctx} title="Văn bản đi, đến">
      <h1>Văn bản đi, đến</h1>
      <p>
        {props.canRegister ? <ButtonLink href={`${BASE}/vao-so`}>Vào sổ văn bản đến</ButtonLink> : null}{' '}
        <ButtonLink href={`${BASE}/du-thao`} variant="secondary">
          Soạn dự thảo văn bản đi
        </ButtonLink>
      </p>
      <p>
        <a href={`${BASE}/so?loai=den&nam=${props.year}`}>Sổ văn bản đến</a> ·{' '}
        <a href={`${BASE}/so?loai=di&nam=${props.year}`}>Sổ văn bản đi</a> ·{' '}
        <a href={`${BASE}/theo-doi?nam=${props.year}`}>Sổ theo dõi giải quyết văn bản đến</a> ·{' '}
        <a href={`${BASE}/ho-so?nam=${props.year}`}>Hồ sơ công việc</a>
      </p>
      <nav aria-label="Hộp văn bản">
        <ul class="tabs">
          {props.boxes.map((b) => (
            <li key={b}>
              <a href={`${BASE}?hop=${b}`} aria-current={props.box === b ? 'page' : undefined}>
                {inboxLabels[b]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <search>
        <form method="get" action={BASE} class="search-form">
          <input type="hidden" name="hop" value="search" />
          <label for="q">Tìm theo trích yếu, số ký hiệu, cơ quan ban hành</label>
          <input id="q" name="q" class="input input-full" type="search" value={query.q} />
          <label for="tu">Từ ngày (năm-tháng-ngày)</label>
          <input id="tu" name="tu" class="input input-w10" type="date" value={query.from} />
          <label for="den">Đến ngày</label>
          <input id="den" name="den" class="input input-w10" type="date" value={query.to} />
          <button type="submit" class="button button-secondary">
            Tìm kiếm
          </button>
        </form>
      </search>
      <h2>{props.box === 'search' ? 'Kết quả tìm kiếm' : inboxLabels[props.box]}</h2>
      <Items items={props.items} />
    </Layout>
  );
}

export function RegisterPage(props: {
  ctx: PageContext;
  direction: 'incoming' | 'outgoing';
  year: number;
  agencyName: string;
  entries: RegisterEntry[];
}) {
  const title = `${props.direction === 'outgoing' ? 'Sổ đăng ký văn bản đi' : 'Sổ đăng ký văn bản đến'} năm ${props.year}`;
  const columns = registerColumns(props.direction);
  const loai = props.direction === 'outgoing' ? 'di' : 'den';
  return (
    <Layout ctx={props.ctx} title={title}>
      <span class="caption">{props.agencyName}</span>
      <h1>{title}</h1>
      <p class="no-print">
        <a href={`${BASE}/so.xlsx?loai=${loai}&nam=${props.year}`}>Tải về tệp Excel</a> · In trang này để có sổ giấy
        (Điều 16, 22 Nghị định 30/2020/NĐ-CP).
      </p>
      <div class="table-wrap">
        <table class="register">
          <thead>
            <tr>
              {columns.map((c) => (
                <th scope="col" key={c.header}>
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.entries.map((e) => (
              <tr key={e.id}>
                {columns.map((c) => (
                  <td key={c.header}>{String(c.value(e))}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

export function FollowUpPage(props: { ctx: PageContext; year: number; rows: FollowUpRow[] }) {
  const title = `Sổ theo dõi giải quyết văn bản đến năm ${props.year}`;
  return (
    <Layout ctx={props.ctx} title={title}>
      <h1>{title}</h1>
      <div class="table-wrap">
        <table class="register">
          <thead>
            <tr>
              <th scope="col">Số đến</th>
              <th scope="col">Tên loại, số, ký hiệu, ngày tháng và cơ quan ban hành</th>
              <th scope="col">Đơn vị hoặc người nhận</th>
              <th scope="col">Thời hạn giải quyết</th>
              <th scope="col">Tiến độ giải quyết</th>
              <th scope="col">Số, ký hiệu văn bản trả lời</th>
              <th scope="col">Ghi chú</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr key={`${r.documentId}-${r.assignee}`}>
                <td>{r.registerNumber ? String(r.registerNumber).padStart(2, '0') : ''}</td>
                <td>
                  <a href={documentHref(r.documentId)}>{r.document}</a>
                </td>
                <td>{`${r.assignee}${r.kind === 'co_handle' ? ' (phối hợp)' : ''}`}</td>
                <td>{vnDate(r.dueDate)}</td>
                <td>
                  {r.state === 'done'
                    ? r.onTime === false
                      ? 'Đã xong, quá hạn'
                      : 'Đã xong'
                    : r.overdue
                      ? 'Quá hạn'
                      : 'Đang xử lý'}
                </td>
                <td>{r.answer ?? ''}</td>
                <td />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
