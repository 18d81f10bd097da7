/**
 * /dashboard/man-hinh: the wall screen of the operations centre — the month's main figures in
 * large type, the rates against the year's targets and the agencies with the most overdue
 * dossiers. It reloads itself every 60 seconds with a meta refresh: no script. No dossier code
 * or officer name (a wall is seen by visitors).
 */
import type { WallData } from '../wall-screen.ts';
import { num, pct } from './query.ts';

const WALL_REFRESH_SECONDS = 60;

const CSS = `body{margin:0;background:#0b1f33;color:#fff;font-family:system-ui,sans-serif}
main{padding:2vw}h1{font-size:3vw;margin:0 0 1vw}
.tiles{display:grid;grid-template-columns:repeat(4,1fr);gap:1.5vw}
.tile{background:#16324f;border-radius:1vw;padding:1.5vw}.tile b{display:block;font-size:5vw}
.tile span{font-size:1.6vw;color:#cfe0f1}.late b{color:#ff8a80}
table{width:100%;margin-top:2vw;font-size:1.8vw;border-collapse:collapse}td,th{padding:.6vw;border-bottom:1px solid #2b4a6b;text-align:left}
.updated{font-size:1.2vw;color:#9bb6d1;margin-top:1vw}`;

export function WallPage({ data, now }: { data: WallData; now: Date }) {
  const targets = data.targets;
  const d = data.indicators.dossiers;
  const target = (t: number | undefined) => (t === undefined ? '' : ` / chỉ tiêu ${num(t)}%`);
  const worst = [...data.breakdown]
    .filter((b) => b.indicators.dossiers.inProgress.overdue > 0)
    .sort((a, b) => b.indicators.dossiers.inProgress.overdue - a.indicators.dossiers.inProgress.overdue)
    .slice(0, 8);
  return (
    <html lang="vi">
      <head>
        <meta charSet="utf-8" />
        <meta http-equiv="refresh" content={String(WALL_REFRESH_SECONDS)} />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`Màn hình điều hành — ${data.period.label}`}</title>
        <style>{CSS}</style>
      </head>
      <body>
        <main>
          <h1>Tình hình giải quyết hồ sơ — {data.period.label}</h1>
          <div class="tiles">
            <div class="tile" id="nhan">
              <b>{num(d.received.total)}</b>
              <span>hồ sơ nhận giải quyết ({num(d.received.online)} trực tuyến)</span>
            </div>
            <div class="tile" id="da-giai-quyet">
              <b>{num(d.handled.total)}</b>
              <span>đã giải quyết</span>
            </div>
            <div class="tile late" id="qua-han">
              <b>{num(d.inProgress.overdue)}</b>
              <span>đang giải quyết quá hạn</span>
            </div>
            <div class="tile" id="dung-han">
              <b>{pct(d.onTimeRate)}</b>
              <span>đúng hạn (766, 2.1){target(targets.onTimeRate)}</span>
            </div>
            <div class="tile" id="truc-tuyen">
              <b>{pct(d.onlineRate)}</b>
              <span>hồ sơ trực tuyến{target(targets.onlineRate)}</span>
            </div>
            <div class="tile" id="toan-trinh">
              <b>{pct(d.fullOnlineRate)}</b>
              <span>trực tuyến toàn trình{target(targets.fullOnlineRate)}</span>
            </div>
            <div class="tile" id="hai-long">
              <b>{pct(data.indicators.satisfaction.satisfiedRate)}</b>
              <span>hài lòng{target(targets.satisfiedRate)}</span>
            </div>
            <div class="tile" id="pakn">
              <b>{data.indicators.feedback ? pct({ percent: data.indicators.feedback.handling.rate }) : 'N/A'}</b>
              <span>phản ánh, kiến nghị đúng hạn{target(targets.feedbackOnTime)}</span>
            </div>
          </div>
          {worst.length > 0 ? (
            <table id="co-quan-qua-han">
              <thead>
                <tr>
                  <th>Cơ quan có hồ sơ đang quá hạn</th>
                  <th>Quá hạn</th>
                  <th>Đúng hạn</th>
                </tr>
              </thead>
              <tbody>
                {worst.map((b) => (
                  <tr key={b.key}>
                    <td>{b.label}</td>
                    <td>{num(b.indicators.dossiers.inProgress.overdue)}</td>
                    <td>{pct(b.indicators.dossiers.onTimeRate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          <p class="updated">
            Cập nhật lúc {new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(11, 16)}; tự tải lại sau{' '}
            {WALL_REFRESH_SECONDS} giây.
          </p>
        </main>
      </body>
    </html>
  );
}
