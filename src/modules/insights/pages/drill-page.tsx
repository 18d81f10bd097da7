/** /dashboard/ho-so: the dossiers behind one figure (audited by the use case). */
import type { PageContext } from '../../../web/context.ts';
import { Layout } from '../../../web/layout.tsx';
import type { Figure } from '../drill.ts';
import type { drillDown } from '../service.ts';
import { DossierTable, FilterSummary } from './components.tsx';
import { DASHBOARD, type DashboardQuery, FIGURE_LABELS, hrefOf, num } from './query.ts';

export function DrillPage({
  ctx,
  q,
  figure,
  result,
}: {
  ctx: PageContext;
  q: DashboardQuery;
  figure: Figure;
  result: Awaited<ReturnType<typeof drillDown>>;
}) {
  return (
    <Layout ctx={ctx} title={`${FIGURE_LABELS[figure]} — ${result.period.label}`}>
      <p>
        <a href={hrefOf(DASHBOARD, q.period, q.filters)}>Về bảng điều hành</a>
      </p>
      <h1>
        {FIGURE_LABELS[figure]} — {result.period.label}
      </h1>
      <FilterSummary data={result} filters={q.filters} />
      <p id="so-ho-so">
        {num(result.total)} hồ sơ
        {result.total > result.items.length ? `; hiện ${num(result.items.length)} hồ sơ đầu tiên` : ''}.
      </p>
      {result.listScope.kind === 'commune' ? <p>Chỉ hiện hồ sơ của xã, phường nơi anh/chị công tác.</p> : null}
      <DossierTable items={result.items} id="ho-so" />
    </Layout>
  );
}
