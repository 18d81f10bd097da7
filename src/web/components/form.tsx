/**
 * Form fields in the GOV.UK pattern: label, hint, error message and input tied together by
 * ids and aria-describedby, so a screen reader reads them in that order (WCAG 1.3.1, 3.3.1,
 * 3.3.2). Every form posts and works without JavaScript.
 */
import { randomUUID } from 'node:crypto';
import type { ComponentChildren } from 'preact';
import type { PageContext } from '../context.ts';

export interface Problem {
  /** The input's name; the error summary links to its id. */
  field: string;
  message: string;
}

export const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

export const errorFor = (problems: readonly Problem[] | undefined, name: string) =>
  problems?.find((p) => p.field === name)?.message;

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function Hint({ id, children }: { id: string; children: ComponentChildren }) {
  return (
    <div id={`${id}-hint`} class="hint">
      {children}
    </div>
  );
}

function ErrorMessage({ id, message, ctx }: { id: string; message: string; ctx: PageContext }) {
  return (
    <p id={`${id}-error`} class="error-message">
      <span class="visually-hidden">{ctx.t.errorPrefix}</span> {message}
    </p>
  );
}

export function CsrfField({ ctx }: { ctx: PageContext }) {
  return <input type="hidden" name="_csrf" value={ctx.csrf} />;
}

interface BaseField {
  ctx: PageContext;
  name: string;
  label: ComponentChildren;
  hint?: ComponentChildren;
  error?: string | undefined;
  /** A page's single question is its heading (GOV.UK). */
  asHeading?: boolean;
  optional?: boolean;
}

function Label({ id, label, asHeading, optional, ctx }: BaseField & { id: string }) {
  const text = (
    <label class={asHeading ? 'label label-l' : 'label'} for={id}>
      {label}
      {optional ? <span class="optional"> {ctx.t.optional}</span> : null}
    </label>
  );
  return asHeading ? <h1 class="label-wrapper">{text}</h1> : text;
}

/** The group around one control: label, hint, error message (in that order, as read), then the control. */
function FieldGroup(props: BaseField & { id: string; children: ComponentChildren }) {
  const { ctx, id, hint, error, children } = props;
  return (
    <div class={error ? 'form-group form-group-error' : 'form-group'}>
      <Label {...props} />
      {hint ? <Hint id={id}>{hint}</Hint> : null}
      {error ? <ErrorMessage id={id} message={error} ctx={ctx} /> : null}
      {children}
    </div>
  );
}

export interface TextInputProps extends BaseField {
  value?: string | undefined;
  type?: 'text' | 'email' | 'tel' | 'password' | 'date' | 'number' | 'search';
  autocomplete?: string;
  inputmode?: 'numeric' | 'tel' | 'email' | 'text' | 'search';
  width?: 'full' | 'w20' | 'w10' | 'w5';
  spellcheck?: boolean;
  maxLength?: number;
}

export function TextInput(props: TextInputProps) {
  const { name, hint, error, value, type = 'text', width = 'full' } = props;
  const id = fieldId(name);
  return (
    <FieldGroup {...props} id={id}>
      <input
        class={`input input-${width}${error ? ' input-error' : ''}`}
        id={id}
        name={name}
        // preact's input typing narrows attributes per `type`; these all take the attributes used here.
        type={type as 'text'}
        value={value ?? ''}
        autocomplete={props.autocomplete}
        inputMode={props.inputmode}
        spellcheck={props.spellcheck}
        maxLength={props.maxLength}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? 'true' : undefined}
      />
    </FieldGroup>
  );
}

export function Textarea(props: BaseField & { value?: string | undefined; rows?: number }) {
  const { name, hint, error, value, rows = 4 } = props;
  const id = fieldId(name);
  return (
    <FieldGroup {...props} id={id}>
      <textarea
        class={`textarea${error ? ' input-error' : ''}`}
        id={id}
        name={name}
        rows={rows}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? 'true' : undefined}
      >
        {value ?? ''}
      </textarea>
    </FieldGroup>
  );
}

export interface Choice {
  value: string;
  label: ComponentChildren;
  hint?: ComponentChildren;
}

export function Select(props: BaseField & { options: Choice[]; value?: string | undefined; emptyLabel?: string }) {
  const { name, hint, error, value, options, emptyLabel } = props;
  const id = fieldId(name);
  return (
    <FieldGroup {...props} id={id}>
      <select
        class={`select${error ? ' input-error' : ''}`}
        id={id}
        name={name}
        aria-describedby={describedBy(id, hint, error)}
      >
        {emptyLabel !== undefined ? <option value="">{emptyLabel}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldGroup>
  );
}

interface ChoiceGroupProps extends BaseField {
  options: Choice[];
  /** The checked values. */
  values: readonly string[];
  multiple?: boolean;
  inline?: boolean;
}

/** Radios (one answer) or checkboxes (several) in a fieldset whose legend is the question. */
export function ChoiceGroup(props: ChoiceGroupProps) {
  const { ctx, name, label, hint, error, options, values, multiple, asHeading, inline } = props;
  const id = fieldId(name);
  const kind = multiple ? 'checkbox' : 'radio';
  return (
    <div class={error ? 'form-group form-group-error' : 'form-group'}>
      <fieldset class="fieldset" aria-describedby={describedBy(id, hint, error)}>
        <legend class={asHeading ? 'legend legend-l' : 'legend'}>
          {asHeading ? <h1 class="legend-heading">{label}</h1> : label}
        </legend>
        {hint ? <Hint id={id}>{hint}</Hint> : null}
        {error ? <ErrorMessage id={id} message={error} ctx={ctx} /> : null}
        <div class={`choices choices-${kind}${inline ? ' choices-inline' : ''}`}>
          {options.map((o, i) => {
            const itemId = i === 0 ? id : `${id}-${i + 1}`;
            return (
              <div class="choice" key={o.value}>
                <input
                  class="choice-input"
                  id={itemId}
                  name={name}
                  type={kind}
                  value={o.value}
                  checked={values.includes(o.value)}
                  aria-describedby={o.hint ? `${itemId}-hint` : undefined}
                />
                <label class="choice-label" for={itemId}>
                  {o.label}
                </label>
                {o.hint ? (
                  <div id={`${itemId}-hint`} class="hint choice-hint">
                    {o.hint}
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export function FileInput(props: BaseField & { accept?: string; multiple?: boolean }) {
  const { name, hint, error } = props;
  const id = fieldId(name);
  return (
    <FieldGroup {...props} id={id}>
      <input
        class={`file-upload${error ? ' input-error' : ''}`}
        id={id}
        name={name}
        type="file"
        accept={props.accept}
        multiple={props.multiple}
        aria-describedby={describedBy(id, hint, error)}
      />
    </FieldGroup>
  );
}

export function Button({
  children,
  variant = 'primary',
  name,
  value,
}: {
  children: ComponentChildren;
  variant?: 'primary' | 'secondary' | 'warning' | 'link';
  name?: string;
  value?: string;
}) {
  return (
    <button type="submit" class={`button button-${variant}`} name={name} value={value} data-prevent-double-click>
      {children}
    </button>
  );
}

export function ButtonLink({
  href,
  children,
  variant = 'primary',
}: {
  href: string;
  children: ComponentChildren;
  variant?: 'primary' | 'secondary' | 'start';
}) {
  return (
    <a href={href} class={`button button-${variant}`} draggable={false}>
      {children}
    </a>
  );
}

/** A form that posts (urlencoded) with its CSRF token; `novalidate` leaves checks to the server. */
export function PostForm({
  ctx,
  action,
  children,
  class: cls,
  txn,
  multipart,
}: {
  ctx: PageContext;
  action: string;
  children: ComponentChildren;
  class?: string;
  /** Adds a client transaction id: a form sent twice (double click, retry) acts once. */
  txn?: boolean;
  /** Files too: multipart, with the CSRF token in the address (the body is read part by part). */
  multipart?: boolean;
}) {
  const target = multipart
    ? `${action}${action.includes('?') ? '&' : '?'}_csrf=${encodeURIComponent(ctx.csrf)}`
    : action;
  return (
    <form method="post" action={target} novalidate class={cls} enctype={multipart ? 'multipart/form-data' : undefined}>
      <CsrfField ctx={ctx} />
      {txn ? <input type="hidden" name="txn" value={randomUUID()} /> : null}
      {children}
    </form>
  );
}

/** The three parts of a date input, as typed (kept as typed to show them again after an error). */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export const datePartNames = (name: string) => ({
  day: `${name}__ngay`,
  month: `${name}__thang`,
  year: `${name}__nam`,
});

/** ISO YYYY-MM-DD from the typed parts; '' when all are empty; the parts as typed when they do not form a date. */
export function dateFromParts(p: DateParts): string {
  const [d, m, y] = [p.day.trim(), p.month.trim(), p.year.trim()];
  if (!d && !m && !y) return '';
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return `${d}/${m}/${y}`;
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

/** The parts of a stored ISO date (for showing a saved answer). */
export function partsOfDate(iso: string | undefined): DateParts {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  return m
    ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1] ?? '' }
    : { day: '', month: '', year: '' };
}

/**
 * A date as GOV.UK asks for it: day, month and year in three boxes under one question (never
 * the browser's date picker, whose mm/dd/yyyy order depends on the device's language).
 */
export function DateInput(props: BaseField & { value: DateParts }) {
  const { ctx, name, label, hint, error, value, optional } = props;
  const id = fieldId(name);
  const names = datePartNames(name);
  const part = (key: keyof DateParts, text: string, width: 'w2' | 'w4') => (
    <div class="date-input-item">
      <label class="label" for={key === 'day' ? id : fieldId(names[key])}>
        {text}
      </label>
      <input
        class={`input input-${width}${error ? ' input-error' : ''}`}
        id={key === 'day' ? id : fieldId(names[key])}
        name={names[key]}
        type="text"
        inputMode="numeric"
        value={value[key]}
        maxLength={key === 'year' ? 4 : 2}
        autocomplete="off"
      />
    </div>
  );
  return (
    <div class={error ? 'form-group form-group-error' : 'form-group'}>
      <fieldset class="fieldset" aria-describedby={describedBy(id, true, error)}>
        <legend class="legend">
          {label}
          {optional ? <span class="optional"> {ctx.t.optional}</span> : null}
        </legend>
        <Hint id={id}>{hint ?? ctx.t.dateHint}</Hint>
        {error ? <ErrorMessage id={id} message={error} ctx={ctx} /> : null}
        <div class="date-input">
          {part('day', ctx.t.dateDay, 'w2')}
          {part('month', ctx.t.dateMonth, 'w2')}
          {part('year', ctx.t.dateYear, 'w4')}
        </div>
      </fieldset>
    </div>
  );
}
