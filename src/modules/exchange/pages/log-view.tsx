/**
 * The message log for administrators and inspectors: filters, the figures per service, the
 * records newest first with their seal state, and the signed archive to download and check
 * offline (`mocua verify-exchange FILE`).
 */
import { formatDateTime, isoOf } from '../../../web/components/format.ts';
import type { PageContext } from '../../../web/context.ts';
import { Layout } from '../../../web/layout.tsx';
import type { LogFigures, LogRow } from '../list-exchange-log.ts';

export const LOG_PATH = '/workspace/trao-doi-du-lieu';

const RESULT_LABELS: Record<string, string> = {
  ok: 'Thành công',
  error: 'Lỗi',
  timeout: 'Quá thời gian chờ',
  circuit_open: 'Tạm ngắt (nhập tay)',
  refused: 'Bị từ chối quyền',
};
const STATE_LABELS: Record<LogRow['state'], string> = {
  pending: 'Chờ niêm phong',
  sealed: 'Đã ký, chờ dấu thời gian',
  stamped: 'Đã ký và gắn dấu thời gian',
};

export interface LogQuery {
  service: string;
  result: string;
  from: string;
  to: string;
  dossier: string;
}

const qs = (q: LogQuery, extra: Record<string, string> = {}) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({
    'dich-vu': q.service,
    'ket-qua': q.result,
    tu: q.from,
    den: q.to,
    'ho-so': q.dossier,
    ...extra,
  })) {
    if (v) params.set(k, v);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
};

export function ExchangeLogPage(props: {
  ctx: PageContext;
  query: LogQuery;
  services: { id: string; title: string }[];
  rows: LogRow[];
  figures: LogFigures[];
  next: number | undefined;
}) {
  const { ctx, query: q } = props;
  return (
    <Layout ctx={ctx} title="Nhật ký trao đổi dữ liệu">
      <span class="caption">Nền tảng chia sẻ dữ liệu (LGSP)</span>
      <h1>Nhật ký trao đổi dữ liệu</h1>
      <p>
        Mỗi lần khai thác dữ liệu từ các cơ sở dữ liệu được kết nối đều được ghi lại: ai hỏi, dịch vụ nào, mục đích, hồ
        sơ, dung lượng, thời điểm và kết quả. Bản ghi được ký số bằng khóa của tỉnh và gắn dấu thời gian theo lô; nội
        dung dữ liệu trao đổi không được lưu trong nhật ký.
      </p>
      <form method="get" action={LOG_PATH} class="filter-form">
        <div class="form-group">
          <label class="label" for="f-dich-vu">
            Dịch vụ
          </label>
          <select class="select" id="f-dich-vu" name="dich-vu">
            <option value="">Tất cả</option>
            {props.services.map((s) => (
              <option value={s.id} selected={s.id === q.service} key={s.id}>
                {s.title}
              </option>
            ))}
          </select>
        </div>
        <div class="form-group">
          <label class="label" for="f-ket-qua">
            Kết quả
          </label>
          <select class="select" id="f-ket-qua" name="ket-qua">
            <option value="">Tất cả</option>
            {Object.entries(RESULT_LABELS).map(([value, label]) => (
              <option value={value} selected={value === q.result} key={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div class="form-group">
          <label class="label" for="f-tu">
            Từ ngày
          </label>
          <input class="input input-w10" id="f-tu" name="tu" type="date" value={q.from} />
        </div>
        <div class="form-group">
          <label class="label" for="f-den">
            Đến ngày
          </label>
          <input class="input input-w10" id="f-den" name="den" type="date" value={q.to} />
        </div>
        <div class="form-group">
          <label class="label" for="f-ho-so">
            Mã hồ sơ
          </label>
          <input class="input input-w20" id="f-ho-so" name="ho-so" type="text" value={q.dossier} maxLength={40} />
        </div>
        <button type="submit" class="button button-secondary">
          Lọc
        </button>
      </form>
      <p>
        <a href={`${LOG_PATH}/ket-xuat${qs({ ...q, service: '', result: '', dossier: '' })}`} download>
          Tải bản kết xuất có ký số (theo khoảng ngày đã chọn, gồm trọn các lô)
        </a>
        {' — kiểm tra ngoại tuyến bằng lệnh '}
        <code>mocua verify-exchange TỆP</code>.
      </p>
      <h2>Số liệu theo dịch vụ</h2>
      {props.figures.length === 0 ? (
        <p>Chưa có lượt trao đổi nào.</p>
      ) : (
        <div class="table-wrap">
          <table class="stack-table">
            <caption>Lượt gọi, thời gian phản hồi và dung lượng theo dịch vụ và kết quả</caption>
            <thead>
              <tr>
                <th scope="col">Dịch vụ</th>
                <th scope="col">Kết quả</th>
                <th scope="col">Lượt gọi</th>
                <th scope="col">Trung vị (ms)</th>
                <th scope="col">Chậm nhất (ms)</th>
                <th scope="col">Dung lượng (byte)</th>
              </tr>
            </thead>
            <tbody>
              {props.figures.map((f) => (
                <tr key={`${f.serviceId}-${f.result}`}>
                  <td data-label="Dịch vụ">{f.serviceId}</td>
                  <td data-label="Kết quả">{RESULT_LABELS[f.result] ?? f.result}</td>
                  <td data-label="Lượt gọi">{f.calls}</td>
                  <td data-label="Trung vị (ms)">{Math.round(f.medianMs)}</td>
                  <td data-label="Chậm nhất (ms)">{f.maxMs}</td>
                  <td data-label="Dung lượng (byte)">{f.bytes}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>Các lượt trao đổi</h2>
      {props.rows.length === 0 ? (
        <p>Không có lượt trao đổi nào khớp bộ lọc.</p>
      ) : (
        <div class="table-wrap">
          <table class="stack-table" id="nhat-ky">
            <caption>Mới nhất trước</caption>
            <thead>
              <tr>
                <th scope="col">Thời điểm</th>
                <th scope="col">Người gọi</th>
                <th scope="col">Dịch vụ</th>
                <th scope="col">Mục đích · hồ sơ</th>
                <th scope="col">Kết quả</th>
                <th scope="col">Xác thực</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr key={r.seq}>
                  <td data-label="Thời điểm">
                    <time dateTime={isoOf(r.at)}>{formatDateTime(r.at, ctx.lang)}</time>
                  </td>
                  <td data-label="Người gọi">
                    {r.actorId} · {r.actorRole} · {r.callerModule}
                  </td>
                  <td data-label="Dịch vụ">{r.serviceId}</td>
                  <td data-label="Mục đích · hồ sơ">
                    {r.purpose}
                    {r.dossierRef ? ` · ${r.dossierRef}` : ''}
                  </td>
                  <td data-label="Kết quả">
                    {RESULT_LABELS[r.result] ?? r.result}
                    {r.errorCode ? ` (${r.errorCode})` : ''} · {r.latencyMs} ms · {r.attempts} lần · {r.requestBytes}/
                    {r.responseBytes} byte
                  </td>
                  <td data-label="Xác thực">{r.signed ? STATE_LABELS[r.state] : 'Chưa ký (tỉnh chưa có khóa ký)'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.next ? (
        <p>
          <a href={`${LOG_PATH}${qs(q, { truoc: String(props.next) })}`}>Các lượt cũ hơn</a>
        </p>
      ) : null}
    </Layout>
  );
}
