/** A search box: a GET form with one search field and its button, marked as a search landmark. */
import type { PageContext } from '../context.ts';
import { TextInput } from './form.tsx';

export function SearchForm(props: {
  ctx: PageContext;
  action: string;
  label: string;
  hint: string;
  q?: string | undefined;
  asHeading?: boolean | undefined;
  maxLength?: number;
}) {
  const { ctx } = props;
  return (
    // biome-ignore lint/a11y/useSemanticElements: role=search on the form is the pattern every browser and reader knows; <search> is too new
    <form method="get" action={props.action} role="search" class="search-form">
      <TextInput
        ctx={ctx}
        name="q"
        type="search"
        label={props.label}
        hint={props.hint}
        value={props.q}
        asHeading={props.asHeading}
        spellcheck={false}
        maxLength={props.maxLength}
      />
      <button type="submit" class="button button-primary">
        {ctx.t.searchButton}
      </button>
    </form>
  );
}
