/** The dashboard's query string (checked: anything else is a 400), its links, labels and number formats. */
import { DomainError } from '../../../platform/errors.ts';
import { CHANNEL_LABELS, type Dimension, type Filters } from '../dimensions.ts';
import type { Figure } from '../drill.ts';
import { monthOf } from '../periods.ts';
import type { Rate } from '../rate.ts';

export const DASHBOARD = '/dashboard';

export const DIMENSIONS: Record<string, Dimension> = {
  'co-quan': 'agency',
  xa: 'commune',
  'linh-vuc': 'field',
  'thu-tuc': 'procedure',
  kenh: 'channel',
};
export const DIMENSION_LABELS: Record<Dimension, string> = {
  agency: 'Cơ quan',
  commune: 'Xã, phường',
  field: 'Lĩnh vực',
  procedure: 'Thủ tục',
  channel: 'Kênh nộp',
};
export const FIGURE_LABELS: Record<Figure, string> = {
  received: 'Tổng số hồ sơ nhận giải quyết',
  carriedOver: 'Từ kỳ trước chuyển sang',
  online: 'Tiếp nhận trực tuyến',
  counter: 'Tiếp nhận trực tiếp',
  post: 'Tiếp nhận qua bưu chính công ích',
  handled: 'Đã giải quyết',
  early: 'Giải quyết trước hạn',
  onTime: 'Giải quyết đúng hạn',
  late: 'Giải quyết quá hạn',
  inProgress: 'Đang giải quyết',
  withinTime: 'Đang giải quyết trong hạn',
  overdue: 'Đang giải quyết quá hạn',
};

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const invalid = (field: string) =>
  new DomainError('VALIDATION_FAILED', { field }, `Tham số “${field}” của bảng điều hành không hợp lệ.`);

export interface DashboardQuery {
  period: string;
  filters: Filters;
  dimension: Dimension;
}

/** The query string, checked: anything else is a 400 (hostile text never reaches a query). */
export function parseDashboardQuery(q: Record<string, string>, now: Date): DashboardQuery {
  const id = (name: string, extra?: string) => {
    const v = q[name];
    if (v === undefined || v === '') return undefined;
    if (UUID.test(v) || v === extra) return v;
    throw invalid(name);
  };
  const channel = q.kenh || undefined;
  if (channel && !(channel in CHANNEL_LABELS)) throw invalid('kenh');
  const field = q['linh-vuc'] || undefined;
  if (field && !/^[a-z0-9-]{1,64}$/.test(field)) throw invalid('linh-vuc');
  const nhom = q.nhom || 'co-quan';
  const dimension = DIMENSIONS[nhom];
  if (!dimension) throw invalid('nhom');
  const period = (q.ky || monthOf(now).key).slice(0, 40);
  return {
    period,
    dimension,
    filters: {
      agencyId: id('co-quan'),
      communeId: id('xa', 'province'),
      fieldCode: field,
      procedureId: id('thu-tuc'),
      channel: channel as Filters['channel'],
    },
  };
}

/** The query string of a period and filters (and more), for links. */
export function hrefOf(path: string, period: string, filters: Filters, more: Record<string, string> = {}): string {
  const params = new URLSearchParams({ ky: period });
  if (filters.agencyId) params.set('co-quan', filters.agencyId);
  if (filters.communeId) params.set('xa', filters.communeId);
  if (filters.fieldCode) params.set('linh-vuc', filters.fieldCode);
  if (filters.procedureId) params.set('thu-tuc', filters.procedureId);
  if (filters.channel) params.set('kenh', filters.channel);
  for (const [k, v] of Object.entries(more)) params.set(k, v);
  return `${path}?${params}`;
}

export const num = (n: number) => n.toLocaleString('vi-VN');
export const pct = (r: Rate | { percent: number | null }) =>
  r.percent === null ? 'N/A' : `${r.percent.toLocaleString('vi-VN', { maximumFractionDigits: 2 })}%`;
export const pts = (n: number) => n.toLocaleString('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
