/**
 * The error summary at the top of a page (GOV.UK): it takes focus when the page loads (the
 * `autofocus` attribute works without script; enhance.js repeats it for older browsers), and
 * each line links to its field, so keyboard and screen-reader users land on the problem.
 */
import type { PageContext } from '../context.ts';
import { fieldId, type Problem } from './form.tsx';

/**
 * Deliberate autofocus (a lint rule warns against it in general): after a failed post the
 * first thing to read is what went wrong (GOV.UK error summary), even without script.
 */
const takesFocus = { autofocus: true };

export function ErrorSummary({ ctx, problems }: { ctx: PageContext; problems: readonly Problem[] | undefined }) {
  if (!problems || problems.length === 0) return null;
  return (
    <div
      class="error-summary"
      aria-labelledby="error-summary-title"
      role="alert"
      tabIndex={-1}
      {...takesFocus}
      data-autofocus
    >
      <h2 class="error-summary-title" id="error-summary-title">
        {ctx.t.errorSummaryTitle}
      </h2>
      <ul class="error-summary-list">
        {problems.map((p) => (
          <li key={`${p.field}|${p.message}`}>
            {p.field ? <a href={`#${fieldId(p.field)}`}>{p.message}</a> : p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
