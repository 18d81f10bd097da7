/**
 * /dashboard — the leaders' and the operations centre's pages: the period's figures (form 06
 * columns, the rates), charts drawn on the server as SVG, the breakdown by agency, commune,
 * field, procedure or channel, the six-month trend, the agencies' 766 ranking and the overdue
 * dossiers with the officer holding each. Every figure links to the dossiers behind it
 * (/dashboard/ho-so), every dossier to its page in the workspace. Plain links and GET forms:
 * no script needed, and the pages print.
 */
import compress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';
import { pageContext } from '../../../web/context.ts';
import {
  field,
  formBody,
  PAGE_COMPRESSION,
  pageErrorHandler,
  queryOf,
  seeOther,
  sendPage,
} from '../../../web/http.tsx';
import { type Figure, figures } from '../drill.ts';
import { monthOf } from '../periods.ts';
import { exportReport, reportUnitChoices } from '../reports/export-report.ts';
import { dashboard, drillDown, serviceIndexReport } from '../service.ts';
import { assertMaySetTargets, findTargets, setTargets, TARGET_INDICATORS, type TargetIndicator } from '../targets.ts';
import { wallScreen } from '../wall-screen.ts';
import { DashboardPage } from './dashboard-page.tsx';
import { DrillPage } from './drill-page.tsx';
import { IndexPage, LEVELS } from './index-page.tsx';
import { openDataRoutes } from './open-data-routes.tsx';
import { DASHBOARD, invalid, parseDashboardQuery } from './query.ts';
import { parseReportQuery, REPORT_FILE, REPORTS, ReportsPage } from './reports-page.tsx';
import { TARGETS, TargetsPage } from './targets-page.tsx';
import { WallPage } from './wall-page.tsx';

export async function insightsPageRoutes(app: FastifyInstance): Promise<void> {
  await openDataRoutes(app);
  await app.register(async (scope) => {
    await scope.register(compress, PAGE_COMPRESSION);
    scope.setErrorHandler(pageErrorHandler('workspace'));
    const db = () => scope.deps.database.db;
    const provinceCode = () => scope.deps.config.provinceCode;

    scope.get(DASHBOARD, { schema: { hide: true } }, async (request, reply) => {
      const q = parseDashboardQuery(queryOf(request), new Date());
      const data = await dashboard(db(), request.caller, { provinceCode: provinceCode(), ...q });
      return sendPage(reply, <DashboardPage ctx={pageContext(request, reply, 'workspace')} q={q} data={data} />);
    });

    scope.get(`${DASHBOARD}/ho-so`, { schema: { hide: true } }, async (request, reply) => {
      const raw = queryOf(request);
      const q = parseDashboardQuery(raw, new Date());
      const figure = raw['chi-so'] as Figure;
      if (!(figures as readonly string[]).includes(figure)) throw invalid('chi-so');
      const result = await drillDown(db(), request.caller, {
        provinceCode: provinceCode(),
        period: q.period,
        filters: q.filters,
        figure,
      });
      return sendPage(
        reply,
        <DrillPage ctx={pageContext(request, reply, 'workspace')} q={q} figure={figure} result={result} />,
      );
    });

    scope.get(`${DASHBOARD}/chi-so-766`, { schema: { hide: true } }, async (request, reply) => {
      const raw = queryOf(request);
      const q = parseDashboardQuery(raw, new Date());
      const level = LEVELS[raw.cap || 'co-quan'];
      if (!level) throw invalid('cap');
      const report = await serviceIndexReport(db(), request.caller, {
        provinceCode: provinceCode(),
        period: q.period,
        level,
      });
      return sendPage(
        reply,
        <IndexPage ctx={pageContext(request, reply, 'workspace')} period={q.period} level={level} report={report} />,
      );
    });

    scope.get(REPORTS, { schema: { hide: true } }, async (request, reply) => {
      const raw = queryOf(request);
      const period = (raw.ky || monthOf(new Date()).key).slice(0, 40);
      const units = await reportUnitChoices(db(), request.caller, provinceCode());
      return sendPage(
        reply,
        <ReportsPage ctx={pageContext(request, reply, 'workspace')} period={period} units={units} />,
      );
    });

    scope.get(REPORT_FILE, { schema: { hide: true } }, async (request, reply) => {
      const q = parseReportQuery(queryOf(request));
      const file = await exportReport(db(), request.caller, { provinceCode: provinceCode(), ...q });
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(file.bytes));
    });

    scope.get(`${DASHBOARD}/man-hinh`, { schema: { hide: true } }, async (request, reply) => {
      const q = parseDashboardQuery(queryOf(request), new Date());
      const now = new Date();
      const data = await wallScreen(db(), request.caller, { provinceCode: provinceCode(), period: q.period, now });
      return sendPage(reply, <WallPage data={data} now={now} />);
    });

    const yearOf = (raw: string | undefined) => {
      const year = raw ? Number(raw) : new Date(Date.now() + 7 * 3_600_000).getUTCFullYear();
      if (!Number.isInteger(year) || year < 2020 || year > 2100) throw invalid('nam');
      return year;
    };

    scope.get(TARGETS, { schema: { hide: true } }, async (request, reply) => {
      const raw = queryOf(request);
      const year = yearOf(raw.nam);
      await assertMaySetTargets(db(), request.caller, provinceCode());
      const targets = await findTargets(db(), provinceCode(), year);
      return sendPage(
        reply,
        <TargetsPage
          ctx={pageContext(request, reply, 'workspace')}
          year={year}
          targets={targets}
          saved={raw.da === 'luu'}
        />,
      );
    });

    scope.post(TARGETS, { schema: { hide: true } }, async (request, reply) => {
      const year = yearOf(queryOf(request).nam);
      const body = formBody(request);
      const targets: Partial<Record<TargetIndicator, number | null>> = {};
      for (const key of Object.keys(TARGET_INDICATORS) as TargetIndicator[]) {
        const text = field(body, key).trim().replace(',', '.').slice(0, 12);
        if (text === '') targets[key] = null;
        else if (/^\d{1,3}(\.\d{1,2})?$/.test(text)) targets[key] = Number(text);
        else throw invalid(key);
      }
      await setTargets(db(), request.caller, { provinceCode: provinceCode(), year, targets });
      return seeOther(reply, `${TARGETS}?nam=${year}&da=luu`);
    });
  });
}
