/** Procedure search results: the catalog's folded, typo-tolerant search, filtered by field, level and online level. */

import type { Executor } from '../../../platform/db/index.ts';
import { Select } from '../../../web/components/form.tsx';
import { Pagination } from '../../../web/components/pagination.tsx';
import { SearchForm } from '../../../web/components/search-form.tsx';
import type { PageContext } from '../../../web/context.ts';
import { levelLabel, onlineColour, onlineLabel, timeLimitLabel } from '../../../web/labels.ts';
import { Layout } from '../../../web/layout.tsx';
import type { FieldView, OnlineLevel, ProcedureLevel, ProcedureSummary, SearchResult } from '../index.ts';
import { listFields, onlineLevels, procedureLevels, searchProcedures } from '../index.ts';

const PAGE_SIZE = 20;

/** The address of a procedure's page: its national code when it has one, else its id. */
const procedureHref = (p: { id: string; nationalCode: string | null }) =>
  `/thu-tuc/${encodeURIComponent(p.nationalCode ?? p.id)}`;

export function SearchBox({ ctx, q, asHeading }: { ctx: PageContext; q?: string; asHeading?: boolean }) {
  return (
    <SearchForm
      ctx={ctx}
      action="/thu-tuc"
      label={ctx.t.searchLabel}
      hint={ctx.t.searchHint}
      q={q}
      asHeading={asHeading}
      maxLength={200}
    />
  );
}

export function ProcedureList({
  ctx,
  items,
  headingLevel = 2,
}: {
  ctx: PageContext;
  items: ProcedureSummary[];
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <ul class="result-list">
      {items.map((p) => (
        <li class="result-item" key={p.id}>
          <Heading>
            <a href={procedureHref(p)}>{p.name}</a>
          </Heading>
          <p class="result-meta">
            <strong class={`tag tag-${onlineColour(p.onlineLevel)}`}>{onlineLabel(ctx, p.onlineLevel)}</strong>
            {p.field.name} · {levelLabel(ctx, p.level)} · {timeLimitLabel(ctx, p.timeLimit)}
            {p.nationalCode ? (
              <>
                {' · '}
                <span class="code">{p.nationalCode}</span>
              </>
            ) : null}
          </p>
        </li>
      ))}
    </ul>
  );
}

export interface SearchQuery {
  q: string;
  field: string;
  level: ProcedureLevel | '';
  online: OnlineLevel | '';
  page: number;
}

export function parseSearchQuery(query: Record<string, string>): SearchQuery {
  const level = query.cap ?? '';
  const online = query['muc-do'] ?? '';
  const page = Number.parseInt(query.trang ?? '1', 10);
  return {
    q: (query.q ?? '').normalize('NFC').trim().slice(0, 200),
    field: (query['linh-vuc'] ?? '').slice(0, 64),
    level: (procedureLevels as readonly string[]).includes(level) ? (level as ProcedureLevel) : '',
    online: (onlineLevels as readonly string[]).includes(online) ? (online as OnlineLevel) : '',
    page: Number.isFinite(page) && page > 0 ? Math.min(page, 1000) : 1,
  };
}

function searchHref(q: SearchQuery, page: number): string {
  const p = new URLSearchParams();
  if (q.q) p.set('q', q.q);
  if (q.field) p.set('linh-vuc', q.field);
  if (q.level) p.set('cap', q.level);
  if (q.online) p.set('muc-do', q.online);
  if (page > 1) p.set('trang', String(page));
  const s = p.toString();
  return s ? `/thu-tuc?${s}` : '/thu-tuc';
}

export async function loadSearch(db: Executor, provinceCode: string, q: SearchQuery) {
  const [result, fields] = await Promise.all([
    searchProcedures(db, {
      provinceCode,
      q: q.q || undefined,
      field: q.field || undefined,
      level: q.level || undefined,
      onlineLevel: q.online || undefined,
      limit: PAGE_SIZE,
      offset: (q.page - 1) * PAGE_SIZE,
    }),
    listFields(db, { provinceCode }),
  ]);
  return { result, fields };
}

export function SearchPage({
  ctx,
  query,
  result,
  fields,
}: {
  ctx: PageContext;
  query: SearchQuery;
  result: SearchResult;
  fields: FieldView[];
}) {
  const t = ctx.t;
  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  const fieldName = fields.find((f) => f.code === query.field)?.name;
  return (
    <Layout ctx={ctx} title={query.q ? `${t.resultsTitle} ${t.resultsFor(query.q)}` : t.resultsTitle}>
      <h1>{fieldName ?? t.navProcedures}</h1>
      <SearchBox ctx={ctx} q={query.q} />
      <form method="get" action="/thu-tuc" class="filters" aria-label={t.filterApply}>
        {query.q ? <input type="hidden" name="q" value={query.q} /> : null}
        <Select
          ctx={ctx}
          name="linh-vuc"
          label={t.filterField}
          value={query.field}
          emptyLabel={t.filterAllFields}
          options={fields.map((f) => ({ value: f.code, label: f.name }))}
        />
        <Select
          ctx={ctx}
          name="cap"
          label={t.filterLevel}
          value={query.level}
          emptyLabel={t.filterAllLevels}
          options={procedureLevels.map((l) => ({ value: l, label: levelLabel(ctx, l) }))}
        />
        <Select
          ctx={ctx}
          name="muc-do"
          label={t.filterOnline}
          value={query.online}
          emptyLabel={t.filterAllOnline}
          options={(['full', 'partial', 'info'] as const).map((l) => ({ value: l, label: onlineLabel(ctx, l) }))}
        />
        <button type="submit" class="button button-secondary">
          {t.filterApply}
        </button>
      </form>
      <p role="status">
        <strong>{t.resultsCount(result.total)}</strong> {query.q ? t.resultsFor(query.q) : ''}
      </p>
      {result.items.length === 0 ? (
        <>
          <p>{t.noResults}</p>
          {result.suggestion ? (
            <p class="did-you-mean">
              {t.didYouMean} <a href={procedureHref(result.suggestion)}>{result.suggestion.name}</a>
            </p>
          ) : null}
          <p>{t.noResultsHint}</p>
        </>
      ) : (
        <>
          {result.approximate ? <p>{t.resultsApproximate}</p> : null}
          <ProcedureList ctx={ctx} items={result.items} />
        </>
      )}
      <Pagination ctx={ctx} page={query.page} pages={pages} hrefFor={(n) => searchHref(query, n)} />
    </Layout>
  );
}
