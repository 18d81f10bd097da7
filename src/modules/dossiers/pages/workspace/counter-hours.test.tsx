/**
 * Issue 23: counter reception outside the receiving agency's working time is refused unless
 * the officer records a reason; the counter page then shows the field for that reason. (The
 * service rule is tested with a fixed clock in modules/dossiers/time-limits.test.ts; here the
 * page, rendered with the refusal the route turns into a problem.)
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { anonymous } from '../../../../platform/auth/caller.ts';
import { DomainError } from '../../../../platform/errors.ts';
import type { PageContext } from '../../../../web/context.ts';
import { messages } from '../../../../web/i18n/index.ts';
import { renderPage } from '../../../../web/layout.tsx';
import { type SeededApp, seededApp } from '../../../../web/testing.ts';
import type { ProcedureView } from '../../../catalog/index.ts';
import { getProcedure } from '../../../catalog/index.ts';
import { CounterFormPage, type CounterValues } from './counter.tsx';

let s: SeededApp;
let procedure: ProcedureView;
before(async () => {
  s = await seededApp();
  procedure = await getProcedure(s.db.db, '1.001193', { provinceCode: '08' });
});
after(() => s.close());

const ctx: PageContext = {
  area: 'workspace',
  lang: 'vi',
  t: messages('vi'),
  url: '/workspace/tiep-nhan',
  csrf: 'token',
  caller: anonymous,
  userName: null,
  requestId: 'test',
};
const values: CounterValues = {
  agencyId: '',
  type: 'citizen',
  fullName: 'Nguyễn Thị Hoa',
  personalId: '',
  phone: '',
  email: '',
  address: '',
  form: {},
  papers: [],
  outsideHoursReason: '',
  intakeNote: '',
};

test('the counter form asks for no reason while the counter is open', () => {
  const html = renderPage(<CounterFormPage ctx={ctx} procedure={procedure} values={values} communes={[]} />);
  assert.doesNotMatch(html, /name="outsideHoursReason"/);
});

test('refused outside working time, the counter form shows the refusal and a field for the reason of the override', () => {
  const refusal = new DomainError('RECEPTION_OUTSIDE_WORKING_HOURS', {});
  assert.equal(refusal.status, 409);
  const html = renderPage(
    <CounterFormPage
      ctx={ctx}
      procedure={procedure}
      values={values}
      communes={[]}
      problems={[{ field: 'outsideHoursReason', message: refusal.message }]}
    />,
  );
  assert.match(html, /<textarea[^>]*name="outsideHoursReason"/);
  assert.match(html, /Lý do tiếp nhận ngoài giờ làm việc/);
  assert.match(html, /ngoài giờ làm việc của cơ quan tiếp nhận/);
});
