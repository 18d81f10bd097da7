/** The routes `npm run bench` loads, each with what it needs prepared first. */
import type { load } from './lib.ts';

export interface Prepared {
  path: string;
  options?: Parameters<typeof load>[2];
  /** Checks after the load (e.g. every submission stored once). */
  verify?(): Promise<void>;
}

export interface Scenario {
  name: string;
  prepare(base: string): Promise<Prepared>;
}

const searchTerms = [
  'dang ky khai sinh',
  'chung thuc ban sao',
  'ho kinh doanh',
  'giay phep xay dung',
  'ket hon',
  'ly lich tu phap',
];

export const scenarios: Scenario[] = [
  { name: '/healthz', prepare: async () => ({ path: '/healthz' }) },
  {
    name: 'procedure search (?q=, folded, typo-tolerant)',
    prepare: async () => ({ path: `/api/v1/procedures?q=${encodeURIComponent(searchTerms[0] ?? '')}&limit=10` }),
  },
];
