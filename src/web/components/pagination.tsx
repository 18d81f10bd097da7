/** Previous / next links with the page number; plain links, so they work without script. */
import type { PageContext } from '../context.ts';

export function Pagination({
  ctx,
  page,
  pages,
  hrefFor,
}: {
  ctx: PageContext;
  page: number;
  pages: number;
  hrefFor: (page: number) => string;
}) {
  if (pages <= 1) return null;
  return (
    <nav class="pagination" aria-label={ctx.t.pagination}>
      {page > 1 ? (
        <a class="pagination-link" href={hrefFor(page - 1)} rel="prev">
          ← {ctx.t.previousPage}
        </a>
      ) : null}
      <span class="pagination-current" aria-current="page">
        {ctx.t.pageOf(page, pages)}
      </span>
      {page < pages ? (
        <a class="pagination-link" href={hrefFor(page + 1)} rel="next">
          {ctx.t.nextPage} →
        </a>
      ) : null}
    </nav>
  );
}
