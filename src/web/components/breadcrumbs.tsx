/** Where the page sits; the last crumb is the page itself and is not a link. */
import type { PageContext } from '../context.ts';

export interface Crumb {
  label: string;
  href?: string;
}

export function Breadcrumbs({ ctx, crumbs }: { ctx: PageContext; crumbs: Crumb[] }) {
  return (
    <nav class="breadcrumbs" aria-label={ctx.t.breadcrumbs}>
      <ol>
        {crumbs.map((c) => (
          <li key={c.label}>{c.href ? <a href={c.href}>{c.label}</a> : <span aria-current="page">{c.label}</span>}</li>
        ))}
      </ol>
    </nav>
  );
}

export function BackLink({ ctx, href }: { ctx: PageContext; href: string }) {
  return (
    <a class="back-link" href={href}>
      {ctx.t.back}
    </a>
  );
}
