/**
 * The portal's home: search first (a GET form, works without script), then the common
 * procedures, the fields (lĩnh vực), and public tracking.
 */
import type { FieldView, ProcedureSummary } from '../modules/catalog/index.ts';
import { listFields, searchProcedures } from '../modules/catalog/index.ts';
import { ProcedureList, SearchBox } from '../modules/catalog/pages/index.ts';
import { provinceNameOf } from '../modules/directory/index.ts';
import type { Executor } from '../platform/db/index.ts';
import type { PageContext } from '../web/context.ts';
import { Layout } from '../web/layout.tsx';

/**
 * The procedures most people come for (birth, marriage and death registration, copies and
 * certification, household business, driving licence, criminal record, building permit).
 * A fixed demo choice until filing counts can rank them; codes absent from the catalog are skipped.
 */
const COMMON_PROCEDURE_CODES = [
  '1.001193',
  '1.000894',
  '1.000656',
  '2.000815',
  '2.000908',
  '1.001612',
  '3.000347',
  '3.000333',
  '1.013225',
];

async function commonProcedures(db: Executor, provinceCode: string): Promise<ProcedureSummary[]> {
  const found: ProcedureSummary[] = [];
  for (const code of COMMON_PROCEDURE_CODES) {
    const { items } = await searchProcedures(db, { provinceCode, q: code, limit: 1 });
    const hit = items[0];
    if (hit && hit.nationalCode === code && hit.active) found.push(hit);
  }
  return found;
}

export function HomePage({
  ctx,
  provinceName,
  common,
  fields,
}: {
  ctx: PageContext;
  provinceName: string;
  common: ProcedureSummary[];
  fields: FieldView[];
}) {
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t.homeTitle}>
      <h1>{t.homeTitle}</h1>
      <p class="lead">{t.homeLead(provinceName)}</p>
      <SearchBox ctx={ctx} />
      {common.length > 0 ? (
        <section aria-labelledby="common">
          <h2 id="common">{t.commonProcedures}</h2>
          <ProcedureList ctx={ctx} items={common} headingLevel={3} />
        </section>
      ) : null}
      <section aria-labelledby="fields">
        <h2 id="fields">{t.fieldsHeading}</h2>
        <ul class="field-list">
          {fields.map((f) => (
            <li key={f.code}>
              <a href={`/thu-tuc?linh-vuc=${encodeURIComponent(f.code)}`}>{f.name}</a>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="track">
        <h2 id="track">{t.trackHeading}</h2>
        <p>{t.trackLead}</p>
        <p>
          <a href="/tra-cuu">{t.navTrack}</a>
        </p>
        {ctx.caller.kind === 'anonymous' ? (
          <p>
            {t.signInPrompt} <a href="/dang-nhap">{t.navSignIn}</a> · <a href="/dang-ky">{t.navRegister}</a>
          </p>
        ) : null}
      </section>
      <section aria-labelledby="feedback">
        <h2 id="feedback">{t.feedbackHeading}</h2>
        <p>{t.feedbackLead}</p>
        <p>
          <a href="/phan-anh-kien-nghi/gui">{t.feedbackSend}</a> · <a href="/phan-anh-kien-nghi">{t.feedbackAnswers}</a>
        </p>
      </section>
      <p>
        <a href="/co-quan">{t.navAgencies}</a>
      </p>
    </Layout>
  );
}

export async function loadHome(db: Executor, provinceCode: string) {
  const [provinceName, common, fields] = await Promise.all([
    provinceNameOf(db, provinceCode),
    commonProcedures(db, provinceCode),
    listFields(db, { provinceCode }),
  ]);
  return { provinceName, common, fields };
}
