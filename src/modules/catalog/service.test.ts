import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { auditEvents } from '../../platform/audit/index.ts';
import { anonymous, systemCaller } from '../../platform/auth/caller.ts';
import { rows } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { procedures, processTemplates } from './schema.ts';
import { getProcedure, getProcessTemplate, publishProcessTemplate, saveProcedure } from './service.ts';
import {
  AGENCIES,
  addField,
  type CatalogTestDb,
  catalogTestDb,
  PROVINCE,
  procedureContent,
  provinceProcedure,
  staffCaller,
  stepsFor,
} from './testing.ts';

let c: CatalogTestDb;
before(async () => {
  c = await catalogTestDb();
  await addField(c.t.db, 'ho-tich', 'Hộ tịch');
  await addField(c.t.db, 'dat-dai', 'Đất đai');
  await addField(c.t.db, 'tu-phap', 'Tư pháp');
});
after(() => c.t.close());

const rejectsWith = (code: string) => (err: unknown) => err instanceof DomainError && err.code === code;
const save = (content = procedureContent(), extra: { id?: string; fieldCode?: string; agencyIds?: string[] } = {}) =>
  saveProcedure(c.t.db, c.admin, { ...content, provinceCode: PROVINCE, fieldCode: 'ho-tich', ...extra });
const auditCount = async (id: string) =>
  (
    await c.t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.stream, `procedure:${id}`))
  ).length;

test('a new procedure gets version 1, its local code, the commune People’s Committees and an audit entry', async () => {
  const { procedure, outcome } = await save(
    procedureContent({ nationalCode: '1.000001', name: 'Thủ tục thử tạo mới' }),
  );
  assert.equal(outcome, 'created');
  assert.equal(procedure.currentVersion, 1);
  assert.equal(procedure.localCode, `1.000001.${AGENCIES.ubnd.code}`);
  assert.deepEqual(
    procedure.agencies.map((a) => a.code).sort(),
    [AGENCIES.minhxuan.code, AGENCIES.dongvan.code].sort(),
  );
  assert.deepEqual(procedure.field, { code: 'ho-tich', name: 'Hộ tịch' });
  assert.equal(procedure.processTotalHours, 24);
  assert.equal(await auditCount(procedure.id), 1);
});

test('a province procedure is implemented by the department of its kind, not by its subordinate units', async () => {
  const { procedure } = await save(
    provinceProcedure({ nationalCode: '1.000002', name: 'Thủ tục đất đai thử', agencyKind: 'agriculture_environment' }),
    { fieldCode: 'dat-dai' },
  );
  assert.deepEqual(
    procedure.agencies.map((a) => a.code),
    [AGENCIES.nnmt.code],
  );
});

test('a procedure is found by id, national code and local code', async () => {
  const { procedure } = await save(procedureContent({ nationalCode: '1.000003', name: 'Thủ tục tìm theo mã' }));
  assert.equal((await getProcedure(c.t.db, procedure.id)).name, 'Thủ tục tìm theo mã');
  assert.equal((await getProcedure(c.t.db, '1.000003', { provinceCode: PROVINCE })).id, procedure.id);
  assert.equal((await getProcedure(c.t.db, `1.000003.${AGENCIES.ubnd.code.toLowerCase()}`)).id, procedure.id);
  await assert.rejects(getProcedure(c.t.db, '9.999999'), rejectsWith('PROCEDURE_NOT_FOUND'));
  await assert.rejects(getProcedure(c.t.db, 'khong-phai-ma'), rejectsWith('PROCEDURE_NOT_FOUND'));
  await assert.rejects(getProcedure(c.t.db, '1.000003', { provinceCode: '01' }), rejectsWith('PROCEDURE_NOT_FOUND'));
});

test('a process whose budgets do not add up to the legal limit is refused and nothing is saved', async () => {
  const content = procedureContent({
    nationalCode: '1.000004',
    name: 'Thủ tục sai thời gian',
    timeLimit: { amount: 5, unit: 'working_days' },
    process: stepsFor({ amount: 3, unit: 'working_days' }),
  });
  await assert.rejects(save(content), (err: unknown) => {
    assert.ok(rejectsWith('PROCESS_BUDGET_MISMATCH')(err));
    assert.ok(err instanceof DomainError);
    assert.equal(err.status, 422);
    assert.match(err.message, /là 24 giờ làm việc/);
    assert.match(err.message, /5 ngày làm việc, tức 40 giờ làm việc/);
    return true;
  });
  assert.equal((await c.t.db.select().from(procedures).where(eq(procedures.nationalCode, '1.000004'))).length, 0);
});

test('saving the same content again changes nothing and writes no audit entry', async () => {
  const content = procedureContent({ nationalCode: '1.000005', name: 'Thủ tục lưu hai lần' });
  const first = await save(content);
  const again = await save(content, { id: first.procedure.id });
  assert.equal(again.outcome, 'unchanged');
  assert.equal(again.procedure.currentVersion, 1);
  assert.equal(await auditCount(first.procedure.id), 1);
});

test('a new process version leaves version 1 as it was, for the dossiers filed under it', async () => {
  const content = procedureContent({ nationalCode: '1.000006', name: 'Thủ tục nhiều phiên bản' });
  const { procedure } = await save(content);
  const v1 = await getProcessTemplate(c.t.db, procedure.id, 1);

  const fees = [{ name: 'Lệ phí mới', amount: 10_000, collect: 'before' as const, exemptions: null }];
  const feeOnly = await save({ ...content, fees }, { id: procedure.id });
  assert.equal(feeOnly.outcome, 'updated');
  assert.equal(feeOnly.procedure.currentVersion, 1, 'a fee change is not a new workflow');

  const steps = content.process.map((s) => (s.role === 'specialist' ? { ...s, name: 'Thẩm định, xác minh' } : s));
  const changed = await save({ ...content, fees, process: steps }, { id: procedure.id });
  assert.equal(changed.procedure.currentVersion, 2);

  const published = await publishProcessTemplate(c.t.db, c.admin, procedure.id, {
    steps: stepsFor(content.timeLimit),
    expectedVersion: 2,
  });
  assert.equal(published.created, true);
  assert.equal(published.template.version, 3);

  assert.deepEqual(await getProcessTemplate(c.t.db, procedure.id, 1), v1);
  assert.equal((await getProcessTemplate(c.t.db, procedure.id, 2)).steps[1]?.name, 'Thẩm định, xác minh');
  assert.equal((await getProcedure(c.t.db, procedure.id)).currentVersion, 3);
  await assert.rejects(getProcessTemplate(c.t.db, procedure.id, 4), rejectsWith('PROCESS_TEMPLATE_NOT_FOUND'));
});

test('publishing over a version someone else published is a conflict; the same steps publish nothing', async () => {
  const content = procedureContent({ nationalCode: '1.000007', name: 'Thủ tục xung đột phiên bản' });
  const { procedure } = await save(content);
  await assert.rejects(
    publishProcessTemplate(c.t.db, c.admin, procedure.id, { steps: content.process, expectedVersion: 2 }),
    rejectsWith('CONFLICT'),
  );
  const same = await publishProcessTemplate(c.t.db, c.admin, procedure.id, { steps: content.process });
  assert.deepEqual({ created: same.created, version: same.template.version }, { created: false, version: 1 });
  await assert.rejects(
    publishProcessTemplate(c.t.db, c.admin, procedure.id, { steps: stepsFor({ amount: 1, unit: 'working_days' }) }),
    rejectsWith('PROCESS_BUDGET_MISMATCH'),
  );
});

test('changing the legal limit without re-budgeting the steps is refused', async () => {
  const content = procedureContent({ nationalCode: '1.000008', name: 'Thủ tục đổi thời hạn' });
  const { procedure } = await save(content);
  await assert.rejects(
    save({ ...content, timeLimit: { amount: 5, unit: 'working_days' } }, { id: procedure.id }),
    rejectsWith('PROCESS_BUDGET_MISMATCH'),
  );
});

test('the database refuses to change or delete a process template version', async () => {
  const { procedure } = await save(procedureContent({ nationalCode: '1.000009', name: 'Thủ tục khóa phiên bản' }));
  const where = and(eq(processTemplates.procedureId, procedure.id), eq(processTemplates.version, 1));
  await assert.rejects(c.t.db.update(processTemplates).set({ totalHours: 1 }).where(where));
  await assert.rejects(c.t.db.delete(processTemplates).where(where));
  assert.equal((await getProcessTemplate(c.t.db, procedure.id, 1)).totalHours, 24);
});

test('only a province administrator saves: anonymous 401, other staff and citizens 403, another province 403', async () => {
  const content = procedureContent({ nationalCode: '1.000010', name: 'Thủ tục phân quyền' });
  const input = { ...content, provinceCode: PROVINCE, fieldCode: 'ho-tich' };
  await assert.rejects(saveProcedure(c.t.db, anonymous, input), rejectsWith('UNAUTHENTICATED'));
  await assert.rejects(saveProcedure(c.t.db, { kind: 'citizen', id: 'x' }, input), rejectsWith('FORBIDDEN'));
  await assert.rejects(
    saveProcedure(c.t.db, staffCaller(c.agencyIds.ubnd, ['receiver']), input),
    rejectsWith('FORBIDDEN'),
  );
  await assert.rejects(
    saveProcedure(c.t.db, staffCaller(c.agencyIds.ubnd, ['admin'], '01'), input),
    rejectsWith('FORBIDDEN'),
  );
  assert.equal((await saveProcedure(c.t.db, systemCaller('test'), input)).outcome, 'created');
});

test('an agency’s or a commune’s admin does not edit the province’s catalog: fees and steps need the province-level admin (issue 11, High 2)', async () => {
  const content = procedureContent({ nationalCode: '1.000091', name: 'Thủ tục của tỉnh' });
  const { procedure } = await save(content);
  const fees = [{ name: 'Lệ phí', amount: 9_999_000, collect: 'before' as const, exemptions: null }];
  const input = { ...content, fees, id: procedure.id, provinceCode: PROVINCE, fieldCode: 'ho-tich' };
  const steps = content.process.slice(0, 2).map((s, i) => (i === 0 ? s : { ...s, hours: 23 }));
  for (const agency of ['dongvan', 'minhxuan', 'tuphap', 'vpdkdd'] as const) {
    const localAdmin = staffCaller(c.agencyIds[agency], ['admin']);
    await assert.rejects(saveProcedure(c.t.db, localAdmin, input), rejectsWith('FORBIDDEN'), agency);
    await assert.rejects(
      publishProcessTemplate(c.t.db, localAdmin, procedure.id, { steps }),
      rejectsWith('FORBIDDEN'),
      agency,
    );
  }
  assert.equal((await getProcedure(c.t.db, procedure.id)).fees[0]?.amount, content.fees[0]?.amount);
  assert.equal((await getProcedure(c.t.db, procedure.id)).currentVersion, 1);
  assert.equal(await auditCount(procedure.id), 1, 'a refused write leaves no audit entry');
  // The province-level admin may, and each change is audited with who made it.
  await saveProcedure(c.t.db, c.admin, input);
  await publishProcessTemplate(c.t.db, c.admin, procedure.id, { steps });
  const trail = await c.t.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.stream, `procedure:${procedure.id}`));
  assert.equal(trail.length, 3);
  assert.ok(trail.every((e) => e.actorId === (c.admin.kind === 'staff' ? c.admin.id : '') && e.actorRole === 'admin'));
});

test('a national code, or a name at the same level, belongs to one procedure only', async () => {
  await save(procedureContent({ nationalCode: '1.000011', name: 'Thủ tục mã trùng' }));
  await assert.rejects(
    save(procedureContent({ nationalCode: '1.000011', name: 'Thủ tục khác tên' })),
    rejectsWith('PROCEDURE_CODE_TAKEN'),
  );
  await assert.rejects(
    save(procedureContent({ nationalCode: null, name: 'Thủ tục mã trùng' })),
    rejectsWith('PROCEDURE_NAME_TAKEN'),
  );
});

test('unknown fields, foreign agencies and malformed content are refused with their own codes', async () => {
  const content = procedureContent({ nationalCode: '1.000012', name: 'Thủ tục dữ liệu sai' });
  await assert.rejects(save(content, { fieldCode: 'khong-co' }), rejectsWith('FIELD_NOT_FOUND'));
  await assert.rejects(
    save(content, { agencyIds: ['00000000-0000-4000-8000-000000000000'] }),
    rejectsWith('PROCEDURE_AGENCY_INVALID'),
  );
  const bad = { ...content, timeLimit: { amount: 3, unit: 'weeks' } };
  await assert.rejects(
    saveProcedure(c.t.db, c.admin, {
      ...(bad as unknown as typeof content),
      provinceCode: PROVINCE,
      fieldCode: 'ho-tich',
    }),
    (err: unknown) =>
      rejectsWith('PROCEDURE_INVALID')(err) &&
      err instanceof DomainError &&
      JSON.stringify(err.details).includes('/timeLimit/unit'),
  );
  const chosen = await save(content, { agencyIds: [c.agencyIds.minhxuan] });
  assert.deepEqual(
    chosen.procedure.agencies.map((a) => a.code),
    [AGENCIES.minhxuan.code],
  );
});

test('text is stored in NFC whatever the keyboard sent', async () => {
  const decomposed = 'Thủ tục chuẩn hóa tên'.normalize('NFD');
  const { procedure } = await save(procedureContent({ nationalCode: '1.000013', name: decomposed }));
  assert.equal(procedure.name, 'Thủ tục chuẩn hóa tên'.normalize('NFC'));
  const [row] = await rows<{ ok: boolean }>(
    c.t.db,
    sql`select name = normalize(name, NFC) as ok from procedures where id = ${procedure.id}`,
  );
  assert.equal(row?.ok, true);
});
