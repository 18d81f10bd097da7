/**
 * The procedure's e-form as a page (catalog `eform`: text, number, date, choice, address, place,
 * personal_id; file fields are uploaded with the papers). An address is picked from the
 * province's communes (administrative units of 2025) plus the house, street and hamlet; a place
 * anywhere in the country (a birth place) from the 34 provinces, then that province's communes.
 */

import { Fragment } from 'preact';
import type { Executor } from '../../../../platform/db/index.ts';
import {
  Button,
  ChoiceGroup,
  DateInput,
  dateFromParts,
  datePartNames,
  errorFor,
  PostForm,
  type Problem,
  partsOfDate,
  Select,
  TextInput,
} from '../../../../web/components/form.tsx';
import type { PageContext } from '../../../../web/context.ts';
import type { FormBody } from '../../../../web/http.tsx';
import { field } from '../../../../web/http.tsx';
import type { EformField, ProcedureView } from '../../../catalog/index.ts';
import { listCommunes, listProvinces } from '../../../directory/index.ts';
import { formFields } from './filing-flow.ts';
import { FilingFrame } from './filing-pages.tsx';

export interface Commune {
  code: string;
  name: string;
}

const communeKey = (key: string) => `${key}__xa`;
const detailKey = (key: string) => `${key}__ct`;
const provinceKey = (key: string) => `${key}__tinh`;

/** The provinces, and the communes of each province chosen for a `place` field. */
export interface PlaceLists {
  provinces: Commune[];
  communes: Map<string, Commune[]>;
  /** The installation's province, chosen until the citizen says otherwise (most births are local). */
  home?: string;
}

/**
 * What the `place` fields need, for the provinces `chosen(name)` reads (from the form posted or
 * the draft; undefined when never answered, then the `home` province).
 */
export async function loadPlaces(
  db: Executor,
  procedure: ProcedureView,
  chosen: (name: string) => string | undefined,
  home: string,
): Promise<PlaceLists> {
  const places = formFields(procedure).filter((f) => f.type === 'place');
  if (places.length === 0) return { provinces: [], communes: new Map() };
  const provinces = await listProvinces(db);
  const communes = new Map<string, Commune[]>();
  for (const f of places) {
    const code = chosen(provinceKey(f.key)) ?? home;
    if (code && provinces.some((p) => p.code === code) && !communes.has(code))
      communes.set(code, await listCommunes(db, code));
  }
  return { provinces, communes, home };
}

/** The answers of the page: the e-form's values, plus an address's parts to show it again. */
export function readEform(
  procedure: ProcedureView,
  body: FormBody,
  communes: Commune[],
  provinceName: string,
  places: PlaceLists = { provinces: [], communes: new Map() },
) {
  const values: Record<string, string> = {};
  for (const f of formFields(procedure)) {
    if (f.type === 'place') {
      const province = places.provinces.find((p) => p.code === field(body, provinceKey(f.key)));
      const commune = (province ? places.communes.get(province.code) : undefined)?.find(
        (c) => c.code === field(body, communeKey(f.key)),
      );
      const detail = field(body, detailKey(f.key));
      values[provinceKey(f.key)] = province?.code ?? '';
      values[communeKey(f.key)] = commune?.code ?? '';
      values[detailKey(f.key)] = detail;
      values[f.key] = province && commune ? [detail, commune.name, province.name].filter(Boolean).join(', ') : '';
      continue;
    }
    if (f.type === 'date') {
      const names = datePartNames(f.key);
      const parts = { day: field(body, names.day), month: field(body, names.month), year: field(body, names.year) };
      values[names.day] = parts.day;
      values[names.month] = parts.month;
      values[names.year] = parts.year;
      values[f.key] = dateFromParts(parts);
      continue;
    }
    if (f.type !== 'address') {
      values[f.key] = field(body, f.key);
      continue;
    }
    const code = field(body, communeKey(f.key));
    const detail = field(body, detailKey(f.key));
    const commune = communes.find((c) => c.code === code);
    values[communeKey(f.key)] = commune ? code : '';
    values[detailKey(f.key)] = detail;
    values[f.key] = [detail, commune?.name, commune ? provinceName : undefined].filter(Boolean).join(', ');
  }
  return values;
}

function FormField({
  ctx,
  f,
  values,
  problems,
  communes,
  places,
}: {
  ctx: PageContext;
  f: EformField;
  values: Record<string, string>;
  problems: Problem[] | undefined;
  communes: Commune[];
  places: PlaceLists | undefined;
}) {
  const t = ctx.t;
  const common = { ctx, name: f.key, label: f.label, error: errorFor(problems, f.key), optional: !f.required };
  const value = values[f.key] ?? '';
  switch (f.type) {
    case 'date': {
      const names = datePartNames(f.key);
      const typed = values[names.day] !== undefined;
      const parts = typed
        ? { day: values[names.day] ?? '', month: values[names.month] ?? '', year: values[names.year] ?? '' }
        : partsOfDate(value);
      return <DateInput {...common} value={parts} />;
    }
    case 'number':
      return <TextInput {...common} value={value} inputmode="numeric" width="w10" />;
    case 'personal_id':
      return (
        <TextInput {...common} value={value} hint={t.personalIdHint} inputmode="numeric" width="w10" maxLength={14} />
      );
    case 'choice': {
      const options = (f.options ?? []).map((o) => ({ value: o, label: o }));
      return options.length <= 6 ? (
        <ChoiceGroup {...common} options={options} values={value ? [value] : []} inline={options.length <= 3} />
      ) : (
        <Select {...common} options={options} value={value} emptyLabel="" />
      );
    }
    case 'address':
      return (
        <fieldset class="fieldset form-group">
          <legend class="legend">
            {f.label}
            {f.required ? null : <span class="optional"> {t.optional}</span>}
          </legend>
          <Select
            ctx={ctx}
            name={communeKey(f.key)}
            label={t.addressCommune}
            value={values[communeKey(f.key)]}
            error={errorFor(problems, communeKey(f.key)) ?? errorFor(problems, f.key)}
            emptyLabel={t.chooseCommune}
            options={communes.map((c) => ({ value: c.code, label: c.name }))}
          />
          <TextInput ctx={ctx} name={detailKey(f.key)} label={t.addressDetail} value={values[detailKey(f.key)]} />
        </fieldset>
      );
    case 'place':
      return <PlaceField ctx={ctx} f={f} values={values} problems={problems} places={places} />;
    default:
      return <TextInput {...common} value={value} />;
  }
}

/**
 * A place anywhere in the country: the province, then its communes. Without script the communes
 * appear once the page comes back with the province chosen; with script (enhance.js,
 * `data-place`) they are fetched from /api/v1/admin-units as soon as the province is chosen.
 */
function PlaceField(props: {
  ctx: PageContext;
  f: EformField;
  values: Record<string, string>;
  problems: Problem[] | undefined;
  places: PlaceLists | undefined;
}) {
  const { ctx, f, values, problems } = props;
  const t = ctx.t;
  const province = values[provinceKey(f.key)] ?? props.places?.home ?? '';
  const communes = (province ? props.places?.communes.get(province) : undefined) ?? [];
  const error = errorFor(problems, provinceKey(f.key)) ?? errorFor(problems, communeKey(f.key));
  return (
    <fieldset class="fieldset form-group" data-place={f.key}>
      <legend class="legend">
        {f.label}
        {f.required ? null : <span class="optional"> {t.optional}</span>}
      </legend>
      <Select
        ctx={ctx}
        name={provinceKey(f.key)}
        label={t.placeProvince}
        hint={communes.length === 0 ? t.placeProvinceHint : undefined}
        value={province}
        error={province ? undefined : error}
        emptyLabel={t.choosePlaceProvince}
        options={(props.places?.provinces ?? []).map((p) => ({ value: p.code, label: p.name }))}
      />
      <Select
        ctx={ctx}
        name={communeKey(f.key)}
        label={t.addressCommune}
        value={values[communeKey(f.key)]}
        error={province ? error : undefined}
        emptyLabel={t.chooseCommune}
        options={communes.map((c) => ({ value: c.code, label: c.name }))}
      />
      <TextInput ctx={ctx} name={detailKey(f.key)} label={t.placeDetail} value={values[detailKey(f.key)]} />
    </fieldset>
  );
}

/** The e-form's questions (without the form around them): the portal page and the counter form share them. */
export function EformFields(props: {
  ctx: PageContext;
  procedure: ProcedureView;
  values: Record<string, string>;
  communes: Commune[];
  places?: PlaceLists | undefined;
  problems?: Problem[] | undefined;
  /** The level of the headings that open groups of questions (catalog `section`): 2 on its own page, 3 inside the counter form. */
  sectionLevel?: 2 | 3;
}) {
  const Heading = props.sectionLevel === 3 ? 'h3' : 'h2';
  return (
    <>
      {formFields(props.procedure).map((f) => (
        <Fragment key={f.key}>
          {f.section ? <Heading>{f.section}</Heading> : null}
          <FormField
            ctx={props.ctx}
            f={f}
            values={props.values}
            problems={props.problems}
            communes={props.communes}
            places={props.places}
          />
        </Fragment>
      ))}
    </>
  );
}

/**
 * Field names of the service's problems (`formData.key`) as the page's inputs: an address, its
 * commune; a place, its commune once a province is chosen, else the province.
 */
export function eformProblemField(procedure: ProcedureView, field: string, values?: Record<string, string>): string {
  const key = field.replace(/^formData\./, '');
  const type = procedure.eform.find((f) => f.key === key)?.type;
  if (type === 'place') return values?.[provinceKey(key)] ? communeKey(key) : provinceKey(key);
  return type === 'address' ? communeKey(key) : key;
}

export function EformPage(props: {
  ctx: PageContext;
  procedure: ProcedureView;
  values: Record<string, string>;
  communes: Commune[];
  places?: PlaceLists;
  problems?: Problem[];
  back: string;
  action: string;
}) {
  const { ctx, procedure, values, communes, problems } = props;
  const t = ctx.t;
  return (
    <FilingFrame ctx={ctx} procedure={procedure} title={t.formTitle} back={props.back} problems={problems}>
      <h1>{t.formTitle}</h1>
      <p>{t.formLead}</p>
      <PostForm ctx={ctx} action={props.action}>
        <EformFields
          ctx={ctx}
          procedure={procedure}
          values={values}
          communes={communes}
          places={props.places}
          problems={problems}
        />
        <Button>{t.continue}</Button>
      </PostForm>
    </FilingFrame>
  );
}
