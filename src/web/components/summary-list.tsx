/** Key–value rows, e.g. "check your answers" with a change link per row (GOV.UK summary list). */
import type { ComponentChildren } from 'preact';
import type { PageContext } from '../context.ts';

export interface SummaryRow {
  key: ComponentChildren;
  value: ComponentChildren;
  /** A change link; `changeLabel` says what is changed, for screen readers. */
  changeHref?: string;
  changeLabel?: string;
}

export function SummaryList({ ctx, rows, class: cls }: { ctx?: PageContext; rows: SummaryRow[]; class?: string }) {
  const withActions = rows.some((r) => r.changeHref);
  return (
    <dl class={`summary-list${cls ? ` ${cls}` : ''}`}>
      {rows.map((r, i) => (
        <div class="summary-row" key={i}>
          <dt class="summary-key">{r.key}</dt>
          <dd class="summary-value">{r.value}</dd>
          {withActions ? (
            <dd class="summary-actions">
              {r.changeHref && ctx ? (
                <a href={r.changeHref}>
                  {ctx.t.change}
                  <span class="visually-hidden"> {r.changeLabel ?? ''}</span>
                </a>
              ) : null}
            </dd>
          ) : null}
        </div>
      ))}
    </dl>
  );
}
