import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  formatVietnamDateTime,
  loadTemplates,
  notificationPayload,
  placeholdersOf,
  renderEmail,
  renderSms,
  renderZalo,
  TEMPLATE_KEYS,
  templatesFile,
} from './templates.ts';

const vars = {
  recipientName: 'Nguyễn Thị Hằng',
  agencyName: 'UBND xã Minh Xuân',
  dossierCode: '000.00.12.H56-261123-0001',
  procedureName: 'Đăng ký khai sinh',
  dueAt: new Date('2026-11-25T09:00:00Z'),
  newDueAt: new Date('2026-11-27T09:00:00Z'),
  deliveredAt: new Date('2026-11-26T02:15:00Z'),
  trackingUrl: 'https://dvc.tuyenquang.gov.vn/hs/AB12CD',
  ratingUrl: 'https://dvc.tuyenquang.gov.vn/danh-gia/AB12CD',
  reason: 'Thiếu bản sao giấy chứng nhận kết hôn của cha, mẹ',
  amount: 1_500_000,
  feedbackCode: 'PAKN-2026-000123',
  feedbackTitle: 'Đường liên thôn bị sạt lở',
  // The administrators' notice (signing.keyExpiring).
  ownerName: 'UBND phường Minh Xuân',
  purpose: 'bằng con dấu của cơ quan',
  subject: 'CN=UBND phường Minh Xuân',
  notAfter: new Date('2026-12-31T16:59:59Z'),
  fingerprint: 'AB12',
};

test('every dossier and feedback event has a subject, a text and a short SMS, all rendering with full diacritics', () => {
  const expected = {
    'dossier.received': /đã (được )?tiếp nhận/i,
    'dossier.supplementRequested': /bổ sung, hoàn thiện/i,
    'dossier.paymentRequested': /nộp phí, lệ phí/i,
    'dossier.apologyExtended': /xin lỗi/i,
    'dossier.resultReady': /đã có kết quả/i,
    'dossier.delivered': /đã (được )?trả (kết quả|cho)/i,
    'feedback.received': /tiếp nhận phản ánh, kiến nghị/i,
    'feedback.answered': /trả lời/i,
  } as const;
  // Citizens' messages; the administrators' notice (signing.keyExpiring) is checked below.
  for (const key of TEMPLATE_KEYS.filter((k): k is keyof typeof expected => k in expected)) {
    const email = renderEmail(key, vars);
    const sms = renderSms(key, vars).text;
    for (const text of [email.subject, email.text, sms]) {
      assert.equal(text, text.normalize('NFC'), key);
      assert.doesNotMatch(text, /\{\{|\}\}/, `${key}: a placeholder was left`);
      assert.match(text, expected[key], key);
    }
    assert.match(email.text, /^Kính gửi ông\/bà Nguyễn Thị Hằng,/, key);
    // Every SMS ends with its link: the rating page after delivery, else the tracking page.
    const link =
      key === 'dossier.delivered' ? /\/danh-gia\/AB12CD$/ : /https:\/\/dvc\.tuyenquang\.gov\.vn\/hs\/AB12CD$/;
    assert.match(sms, link, key);
    assert.equal(renderZalo(key, vars).text, email.text);
  }
  assert.equal(renderEmail('dossier.received', vars).subject, 'Hồ sơ 000.00.12.H56-261123-0001 đã được tiếp nhận');
  assert.match(renderSms('dossier.paymentRequested', vars).text, /lệ phí 1\.500\.000 đồng/);
});

test("the administrators' notice of a signing certificate about to expire names the certificate, the date and what to do", () => {
  const notice = renderEmail('signing.keyExpiring', {
    agencyName: 'UBND phường Minh Xuân',
    ownerName: 'UBND phường Minh Xuân',
    purpose: 'bằng con dấu của cơ quan',
    subject: 'CN=UBND phường Minh Xuân, O=UBND tỉnh Tuyên Quang',
    notAfter: new Date('2026-12-31T16:59:59Z'),
    fingerprint: 'AB12',
  });
  assert.equal(notice.subject, 'Chứng thư số của UBND phường Minh Xuân sắp hết hạn (31/12/2026 23:59)');
  assert.match(notice.text, /^Kính gửi quản trị hệ thống của UBND phường Minh Xuân,/);
  assert.match(notice.text, /gia hạn hoặc cấp mới/);
  assert.doesNotMatch(notice.text + notice.html, /\{\{|\}\}/);
});

test('SMS texts fit two Unicode SMS parts (134 characters) with a usual code and tracking link', () => {
  for (const key of TEMPLATE_KEYS) {
    const sms = renderSms(key, vars).text;
    assert.ok(sms.length <= 134, `${key}: ${sms.length} characters: ${sms}`);
  }
});

test('dates are written dd/MM/yyyy HH:mm in Vietnam time, across midnight and year end', () => {
  assert.equal(formatVietnamDateTime(new Date('2026-11-25T09:00:00Z')), '25/11/2026 16:00');
  assert.equal(formatVietnamDateTime(new Date('2026-01-23T17:30:00Z')), '24/01/2026 00:30');
  assert.equal(formatVietnamDateTime(new Date('2026-12-31T17:05:00Z')), '01/01/2027 00:05');
  assert.match(renderEmail('dossier.received', vars).text, /Ngày hẹn trả kết quả: 25\/11\/2026 16:00\./);
  assert.match(renderEmail('dossier.delivered', vars).text, /lúc 26\/11\/2026 09:15\./);
});

test('the HTML e-mail escapes every value and links the tracking URL; the plain text keeps values as given', () => {
  const hostile = { ...vars, recipientName: '<img src=x onerror=alert(1)> & "Bà Tư"' };
  const email = renderEmail('dossier.received', hostile);
  assert.doesNotMatch(email.html, /<img/);
  assert.match(email.html, /&#60;img src=x onerror=alert\(1\)&#62; &#38; &#34;Bà Tư&#34;/);
  assert.match(email.html, /<a href="https:\/\/dvc\.tuyenquang\.gov\.vn\/hs\/AB12CD">/);
  assert.match(email.html, /<html lang="vi">/);
  assert.match(email.text, /Kính gửi ông\/bà <img src=x onerror=alert\(1\)> & "Bà Tư",/);
  fc.assert(
    fc.property(fc.string(), (name) => {
      const html = renderEmail('feedback.answered', { ...vars, recipientName: name }).html;
      const body = html.slice(html.indexOf('<body>'));
      // Only the tags the renderer writes may appear.
      return body.replace(/<\/?(p|br|a|body|html)( href="[^"<>]*")?>/g, '').match(/[<>]/) === null;
    }),
  );
});

test('a missing value is an error, never a message with a hole', () => {
  const { trackingUrl: _, ...incomplete } = vars;
  assert.throws(() => renderSms('dossier.received', incomplete), /trackingUrl/);
  assert.throws(
    () => renderEmail('dossier.apologyExtended', { ...vars, newDueAt: undefined as unknown as Date }),
    /newDueAt/,
  );
});

test('the data file names the placeholders the callers fill, and a broken file is refused', () => {
  const templates = loadTemplates();
  const known = new Set(Object.keys(vars));
  for (const key of TEMPLATE_KEYS) {
    const t = templates[key];
    for (const name of placeholdersOf(`${t.subject} ${t.text} ${t.sms}`))
      assert.ok(known.has(name), `${key}: {{${name}}}`);
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'notify-templates-'));
  const broken = JSON.parse(readFileSync(templatesFile, 'utf8')) as { templates: Record<string, { sms?: string }> };
  const received = broken.templates['dossier.received'];
  if (received) delete received.sms;
  writeFileSync(path.join(dir, 'templates.json'), JSON.stringify(broken));
  assert.throws(() => loadTemplates(path.join(dir, 'templates.json')), /dossier\.received.*sms/);
});

test('outbox payloads per channel carry what each channel reads', () => {
  assert.deepEqual(Object.keys(notificationPayload('email', 'dossier.resultReady', vars)).sort(), [
    'html',
    'subject',
    'text',
  ]);
  assert.deepEqual(Object.keys(notificationPayload('sms', 'dossier.resultReady', vars)), ['text']);
  assert.deepEqual(Object.keys(notificationPayload('zalo', 'dossier.resultReady', vars)), ['text']);
});
