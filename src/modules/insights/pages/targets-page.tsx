/** /dashboard/chi-tieu: the province's yearly targets for the dashboard's rates (an admin's form). */
import type { PageContext } from '../../../web/context.ts';
import { Layout } from '../../../web/layout.tsx';
import { TARGET_INDICATORS, type TargetIndicator, type Targets } from '../targets.ts';
import { DASHBOARD } from './query.ts';

export const TARGETS = `${DASHBOARD}/chi-tieu`;

export function TargetsPage({
  ctx,
  year,
  targets,
  saved,
}: {
  ctx: PageContext;
  year: number;
  targets: Targets;
  saved: boolean;
}) {
  return (
    <Layout ctx={ctx} title={`Chỉ tiêu năm ${year}`}>
      <p>
        <a href={DASHBOARD}>Về bảng điều hành</a>
      </p>
      <h1>Chỉ tiêu năm {year} của tỉnh</h1>
      {saved ? (
        <p class="notice" role="status">
          Đã lưu chỉ tiêu.
        </p>
      ) : null}
      <p class="lead">
        Tỷ lệ phần trăm (0–100) tỉnh giao cho năm; để trống để bỏ chỉ tiêu. Bảng điều hành so sánh với số thực hiện.
      </p>
      <form method="get" action={TARGETS} class="search-form">
        <label class="label" for="nam">
          Năm
        </label>
        <input class="input" id="nam" name="nam" value={String(year)} inputMode="numeric" maxLength={4} />
        <button class="button button-secondary" type="submit">
          Xem năm khác
        </button>
      </form>
      <form method="post" action={`${TARGETS}?nam=${year}`} id="chi-tieu">
        <input type="hidden" name="_csrf" value={ctx.csrf} />
        {(Object.entries(TARGET_INDICATORS) as [TargetIndicator, string][]).map(([key, label]) => (
          <div class="field" key={key}>
            <label class="label" for={key}>
              {label} (%)
            </label>
            <input
              class="input"
              id={key}
              name={key}
              inputMode="decimal"
              maxLength={6}
              value={targets[key] === undefined ? '' : String(targets[key]).replace('.', ',')}
            />
          </div>
        ))}
        <button class="button" type="submit">
          Lưu chỉ tiêu
        </button>
      </form>
    </Layout>
  );
}
