/**
 * GET /api/v1/calendar/due — the legal due date from an instant, for integrators and our
 * own pages: for a stated limit, or for a procedure (its time-limit kind and cut-off, issue 23); GET /api/v1/calendar/days-off; PUT /api/v1/calendar/schedules/{scope}/{year}.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Caller } from '../auth/caller.ts';
import type { Executor } from '../db/index.ts';
import { DomainError, registerErrors } from '../errors.ts';
import { typed } from '../http/app.ts';
import { getWorkingCalendar, listSchedules, saveSchedule } from './store.ts';
import type { WorkingHours } from './working-hours.ts';
import type { LegalLimit } from './working-time.ts';
import { buildYearCalendar } from './year-calendar.ts';

registerErrors({
  CALENDAR_AGENCY_NOT_FOUND: { status: 404, vi: 'Không tìm thấy cơ quan có mã định danh này.' },
  CALENDAR_LIMIT_REQUIRED: {
    status: 400,
    vi: 'Vui lòng nêu thủ tục (procedure) hoặc thời hạn (amount và unit) để tính ngày hẹn trả.',
  },
  CALENDAR_INSTANT_INVALID: {
    status: 400,
    vi: 'Thời điểm bắt đầu không hợp lệ (cần định dạng ISO 8601, ví dụ 2026-11-23T08:00:00+07:00).',
  },
});

export interface CalendarRouteOptions {
  /** Office hours of an agency by its electronic code: null for the default hours, undefined when unknown. */
  officeHoursOf(db: Executor, agencyCode: string): Promise<WorkingHours | null | undefined>;
  /**
   * A procedure's legal limit by its id or code, and the agency that receives it when there is
   * only one; the app wires the catalog in (a platform route imports no module). Throws when unknown.
   */
  procedureLimitOf?(
    db: Executor,
    procedure: string,
  ): Promise<{ limit: LegalLimit; cutoff?: string | undefined; agencyCode?: string | undefined }>;
}

const Skipped = Type.Object({ date: Type.String({ format: 'date' }), reason: Type.String() });
const DueResponse = Type.Object({
  dueAt: Type.String({ format: 'date-time' }),
  skipped: Type.Array(Skipped),
  provisional: Type.Boolean({
    description: 'True when the range crosses a year whose schedule is only forecast (dự kiến).',
  }),
});

export function calendarRoutes(options: CalendarRouteOptions) {
  return async (app: FastifyInstance) => {
    const r = typed(app);
    const db = app.deps.database.db;
    const provinceCode = app.deps.config.provinceCode;

    r.get(
      '/api/v1/calendar/due',
      {
        schema: {
          tags: ['calendar'],
          summary: 'Hạn giải quyết tính theo lịch làm việc (legal due date)',
          querystring: Type.Object(
            {
              from: Type.String({ minLength: 10, maxLength: 40, description: 'ISO 8601 instant' }),
              amount: Type.Optional(Type.Number({ minimum: 0, maximum: 3650 })),
              unit: Type.Optional(
                Type.Union([
                  Type.Literal('working_days'),
                  Type.Literal('working_hours'),
                  Type.Literal('calendar_days'),
                  Type.Literal('same_day'),
                ]),
              ),
              procedure: Type.Optional(
                Type.String({
                  minLength: 1,
                  maxLength: 80,
                  description: 'Procedure national or local code: its time-limit kind and cut-off apply',
                }),
              ),
              agency: Type.Optional(
                Type.String({ pattern: '^[0-9A-Z.]{3,20}$', description: 'Agency electronic code' }),
              ),
              skipHolidays: Type.Optional(Type.Boolean({ description: 'calendar_days only: skip holidays too' })),
            },
            { additionalProperties: false },
          ),
          response: { 200: DueResponse },
        },
      },
      async (req) => {
        const from = new Date(req.query.from);
        if (Number.isNaN(from.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(req.query.from)) {
          throw new DomainError('CALENDAR_INSTANT_INVALID', { from: req.query.from });
        }
        const { amount, unit } = req.query;
        let limit: LegalLimit;
        let cutoff: string | undefined;
        let agency = req.query.agency;
        if (req.query.procedure && options.procedureLimitOf) {
          const found = await options.procedureLimitOf(db, req.query.procedure);
          limit = found.limit;
          cutoff = found.cutoff;
          agency ??= found.agencyCode;
        } else if (amount !== undefined && unit !== undefined) {
          limit = { amount, unit };
        } else {
          throw new DomainError('CALENDAR_LIMIT_REQUIRED', {});
        }
        let hours: WorkingHours | null = null;
        if (agency) {
          const found = await options.officeHoursOf(db, agency);
          if (found === undefined) throw new DomainError('CALENDAR_AGENCY_NOT_FOUND', { agency });
          hours = found;
        }
        const calendar = await getWorkingCalendar(db, { provinceCode, hours });
        // DOMAIN.md §1.5: outside office hours counts from the next working time, after the
        // cut-off (15:00) a day-based limit from the next working day.
        const result = calendar.legalDueDetailed(from, limit, {
          skipHolidays: req.query.skipHolidays ?? false,
          ...(cutoff ? { cutoff } : {}),
        });
        return { dueAt: result.dueAt.toISOString(), skipped: [...result.skipped], provisional: result.provisional };
      },
    );

    r.get(
      '/api/v1/calendar/days-off',
      {
        schema: {
          tags: ['calendar'],
          summary: 'Ngày nghỉ lễ, Tết và ngày làm bù của một năm',
          querystring: Type.Object(
            { year: Type.Integer({ minimum: 1990, maximum: 2100 }) },
            { additionalProperties: false },
          ),
        },
      },
      async (req) => {
        const year = buildYearCalendar(req.query.year, await listSchedules(db), { scopes: ['national', provinceCode] });
        return {
          year: req.query.year,
          provisional: year.provisional,
          sources: year.sources,
          daysOff: [...year.daysOff.values()],
          swappedWorkingDays: [...year.workingDays.values()],
        };
      },
    );

    r.put(
      '/api/v1/calendar/schedules',
      {
        schema: {
          tags: ['calendar'],
          summary: 'Cập nhật lịch nghỉ của một năm (quản trị)',
          body: Type.Object({}, { additionalProperties: true }),
        },
      },
      async (req) => {
        const caller: Caller = (req as { caller?: Caller }).caller ?? { kind: 'anonymous' };
        if (caller.kind !== 'staff') throw new DomainError('UNAUTHENTICATED');
        if (!caller.roles.includes('admin')) throw new DomainError('FORBIDDEN');
        return saveSchedule(db, req.body, { id: caller.id, role: 'admin' });
      },
    );
  };
}
