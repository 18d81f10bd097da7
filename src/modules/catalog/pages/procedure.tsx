/**
 * A procedure's page: what to bring, what it costs, how long it takes, where to file, how
 * online it is, its legal bases and forms — what the law requires to be public (DOMAIN.md
 * §1.6 index 6) — with the start button for online filing.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  localDateOf,
  VIETNAM_UTC_OFFSET_MS,
  vietnameseWeekdayName,
  weekdayOf,
} from '../../../platform/calendar/dates.ts';
import { dataFolder } from '../../../platform/paths.ts';
import { Breadcrumbs } from '../../../web/components/breadcrumbs.tsx';
import { ButtonLink } from '../../../web/components/form.tsx';
import { formatMoney } from '../../../web/components/format.ts';
import { Inset } from '../../../web/components/panel.tsx';
import { SummaryList } from '../../../web/components/summary-list.tsx';
import type { PageContext } from '../../../web/context.ts';
import {
  applicantTypeLabel,
  levelLabel,
  officeHoursLabel,
  onlineColour,
  onlineHint,
  onlineLabel,
  paperFormLabel,
  resultKindLabel,
  timeLimitLabel,
} from '../../../web/labels.ts';
import { Layout } from '../../../web/layout.tsx';
import type { AgencyTreeItem } from '../../directory/index.ts';
import type { ProcedureView } from '../index.ts';

/** Official forms are served from data/forms/ when the province has put them there. */
export const FORMS_DIR = path.join(dataFolder, 'forms');
export const FORM_FILE = /^[a-z0-9-]+\.(docx|pdf|xlsx)$/;
export const formFileExists = (name: string) => FORM_FILE.test(name) && existsSync(path.join(FORMS_DIR, name));

/** Where the applicant files: the service centre of each implementing agency (its own, or the province's). */
export function receivingPlaces(procedure: ProcedureView, tree: AgencyTreeItem[]): AgencyTreeItem[] {
  const centres = tree.filter((a) => a.kind === 'service_centre' && a.active);
  const provinceCentre = centres.find((c) => c.level === 'province');
  const out = new Map<string, AgencyTreeItem>();
  for (const ref of procedure.agencies) {
    const agency = tree.find((a) => a.id === ref.id);
    if (!agency) continue;
    const own = centres.find((c) => c.parentId === agency.id);
    const place = (agency.level === 'commune' ? own : provinceCentre) ?? own ?? provinceCentre ?? agency;
    out.set(place.id, place);
  }
  return [...out.values()];
}

const filingHref = (p: { id: string; nationalCode: string | null }) =>
  `/nop-ho-so/${encodeURIComponent(p.nationalCode ?? p.id)}`;

function Places({ ctx, places }: { ctx: PageContext; places: AgencyTreeItem[] }) {
  const t = ctx.t;
  const list = (
    <ul class="list-plain">
      {places.map((p) => (
        <li key={p.id}>
          <strong>{p.name}</strong>
          {p.address ? <div>{p.address}</div> : null}
          <div class="muted">
            {t.officeHours}: {officeHoursLabel(p.effectiveOfficeHours)}
            {p.phone ? ` · ${p.phone}` : ''}
          </div>
        </li>
      ))}
    </ul>
  );
  if (places.length <= 3) return list;
  return (
    <details>
      <summary>{`${t.whereToFile} (${places.length})`}</summary>
      {list}
    </details>
  );
}

/**
 * "17 giờ 00 (buổi chiều), Thứ Hai, ngày 07/12/2026": the time in the words of a slip, with the
 * session, the weekday and the date (UTC+7). English: "17:00, Monday 07/12/2026".
 */
function expectedDueText(due: Date, lang: string): string {
  const local = new Date(due.getTime() + VIETNAM_UTC_OFFSET_MS);
  const hh = String(local.getUTCHours()).padStart(2, '0');
  const mm = String(local.getUTCMinutes()).padStart(2, '0');
  const day = localDateOf(due);
  const date = `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
  if (lang !== 'vi') {
    const weekday = new Intl.DateTimeFormat('en-GB', { weekday: 'long', timeZone: 'Asia/Ho_Chi_Minh' }).format(due);
    return `${hh}:${mm}, ${weekday} ${date}`;
  }
  const session = local.getUTCHours() < 12 ? 'buổi sáng' : 'buổi chiều';
  return `${hh} giờ ${mm} (${session}), ${vietnameseWeekdayName(weekdayOf(day))}, ngày ${date}`;
}

export function ProcedurePage({
  ctx,
  procedure: p,
  places,
  expectedDue,
}: {
  ctx: PageContext;
  procedure: ProcedureView;
  places: AgencyTreeItem[];
  /** If filed now, when the result is expected (issue 23); the legal limit's kind and cut-off apply. */
  expectedDue?: Date | undefined;
}) {
  const t = ctx.t;
  const templates = p.papers.flatMap((paper) => (paper.template ? [{ paper: paper.name, file: paper.template }] : []));
  return (
    <Layout
      ctx={ctx}
      title={p.name}
      before={
        <Breadcrumbs
          ctx={ctx}
          crumbs={[
            { label: t.home, href: '/' },
            { label: t.navProcedures, href: '/thu-tuc' },
            { label: p.field.name, href: `/thu-tuc?linh-vuc=${encodeURIComponent(p.field.code)}` },
          ]}
        />
      }
    >
      <span class="caption">{p.field.name}</span>
      <h1>{p.name}</h1>
      <p>
        <strong class={`tag tag-${onlineColour(p.onlineLevel)}`}>{onlineLabel(ctx, p.onlineLevel)}</strong>{' '}
        {onlineHint(ctx, p.onlineLevel)}
      </p>
      {p.onlineLevel === 'info' || !p.active ? (
        <Inset>{t.notOnline}</Inset>
      ) : (
        <>
          <ButtonLink href={filingHref(p)} variant="start">
            {t.fileOnline}
          </ButtonLink>
          {ctx.caller.kind === 'anonymous' ? <p class="muted">{t.fileOnlineNeedsSignIn}</p> : null}
        </>
      )}
      <SummaryList
        rows={[
          ...(p.nationalCode
            ? [{ key: t.nationalCode, value: <span class="code">{p.localCode ?? p.nationalCode}</span> }]
            : []),
          { key: t.field, value: p.field.name },
          { key: t.level, value: levelLabel(ctx, p.level) },
          { key: t.applicants, value: p.applicantTypes.map((a) => applicantTypeLabel(ctx, a)).join(', ') },
          { key: t.timeLimit, value: timeLimitLabel(ctx, p.timeLimit) },
          ...(p.timeLimitOnline ? [{ key: t.timeLimitOnline, value: timeLimitLabel(ctx, p.timeLimitOnline) }] : []),
          { key: t.result, value: `${p.resultName} (${resultKindLabel(ctx, p.resultKind)})` },
        ]}
      />

      {expectedDue && p.active ? (
        <p>
          {t.expectedDue} <strong>{expectedDueText(expectedDue, ctx.lang)}</strong>
        </p>
      ) : null}

      <h2>{t.papers}</h2>
      <div class="table-wrap">
        <table class="stack-table">
          <thead>
            <tr>
              <th scope="col">{t.paperName}</th>
              <th scope="col">{t.paperForm}</th>
              <th scope="col" class="num">
                {t.paperCopies}
              </th>
              <th scope="col">{t.paperRequiredCol}</th>
            </tr>
          </thead>
          <tbody>
            {p.papers.map((paper) => (
              <tr key={paper.name}>
                <td>
                  {paper.name}
                  {paper.reusable ? <div class="muted">{t.reusableNote}</div> : null}
                </td>
                <td data-label={t.paperForm}>{paperFormLabel(ctx, paper.form)}</td>
                <td data-label={t.paperCopies} class="num">
                  {paper.copies}
                </td>
                <td data-label={t.paperRequiredCol}>{paper.required ? t.yes : t.no}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {templates.length > 0 ? (
        <>
          <h2>{t.forms}</h2>
          <ul class="list-bullet">
            {templates.map((f) => (
              <li key={f.file}>
                {formFileExists(f.file) ? (
                  <a href={`/mau-don/${f.file}`} download>
                    {f.paper} <span class="muted">({f.file})</span>
                  </a>
                ) : (
                  <>
                    {f.paper} <span class="muted">— {t.formNotOnline}</span>
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h2>{t.fees}</h2>
      {p.fees.length === 0 ? (
        <p>{t.noFee}</p>
      ) : (
        <ul class="list-plain">
          {p.fees.map((fee) => (
            <li key={fee.name}>
              <strong>{fee.name}</strong>: {fee.amount === 0 ? t.feeFree : formatMoney(fee.amount, ctx.lang)}
              {fee.unit && fee.amount > 0 ? ` ${t.feePerUnit(fee.unit)}` : ''} —{' '}
              {fee.collect === 'before' ? t.feeCollectBefore : t.feeCollectAfter}
              {fee.exemptions ? (
                <div class="muted">
                  {t.exemptions}: {fee.exemptions}
                </div>
              ) : null}
              {fee.basis ? (
                <div class="muted">{t.feeBasis(fee.basis)}</div>
              ) : fee.setBy === 'provincial_council' ? (
                <div class="muted">{t.feeCouncilUnverified}</div>
              ) : null}
            </li>
          ))}
        </ul>
      )}

      <h2>{t.whereToFile}</h2>
      <Places ctx={ctx} places={places} />

      <h2>{t.agencies}</h2>
      {p.agencies.length <= 3 ? (
        <ul class="list-bullet">
          {p.agencies.map((a) => (
            <li key={a.id}>{a.name}</li>
          ))}
        </ul>
      ) : (
        <details>
          <summary>{`${t.agencies} (${p.agencies.length})`}</summary>
          <ul class="list-bullet">
            {p.agencies.map((a) => (
              <li key={a.id}>{a.name}</li>
            ))}
          </ul>
        </details>
      )}

      <h2>{t.processSteps}</h2>
      <ol class="list-bullet">
        {p.process.map((s, i) => (
          <li key={i}>{s.name}</li>
        ))}
      </ol>

      <h2>{t.legalBases}</h2>
      <ul class="list-bullet">
        {p.legalBases.map((b) => (
          <li key={b}>{b}</li>
        ))}
      </ul>
    </Layout>
  );
}
