import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { CODES, type SeededDirectory, seededDirectory } from '../modules/directory/testing.ts';
import { loadConfig } from '../platform/config.ts';
import { createHttpApp } from '../platform/http/app.ts';
import { homeRoutes } from './home.tsx';

let d: SeededDirectory;
let app: FastifyInstance;

before(async () => {
  d = await seededDirectory();
  app = await createHttpApp({ config: loadConfig({ PROVINCE_CODE: '08' }), database: d.t, logger: false });
  await homeRoutes(app);
  await app.ready();
});
after(async () => {
  await app.close();
  await d.t.close();
});

test('the home page lists the demo province agencies, province level then commune level', async () => {
  const res = await app.inject({ url: '/' });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^text\/html/);
  const html = res.body;
  assert.ok(html.startsWith('<!doctype html><html lang="vi">'));
  assert.match(html, /<a class="skip-link" href="#noi-dung">Bỏ qua, đến nội dung chính<\/a>/);
  assert.match(html, /<h1>Cơ quan, đơn vị của tỉnh Tuyên Quang<\/h1>/);
  for (const text of [
    'Ủy ban nhân dân tỉnh Tuyên Quang',
    'Trung tâm Phục vụ hành chính công tỉnh Tuyên Quang',
    'Sở Tư pháp tỉnh Tuyên Quang',
    'Ủy ban nhân dân phường Hà Giang 1',
    'Trung tâm Phục vụ hành chính công xã Đồng Văn',
    CODES.ubnd,
    CODES.ttpvDongvan,
  ]) {
    assert.ok(html.includes(text), text);
  }
  const provinceSection = html.indexOf('<h2>Cấp tỉnh</h2>');
  const communeSection = html.indexOf('<h2>Cấp xã</h2>');
  assert.ok(provinceSection > 0 && communeSection > provinceSection);
  assert.ok(html.indexOf('Sở Y tế tỉnh Tuyên Quang') < communeSection);
  assert.ok(html.indexOf('Ủy ban nhân dân xã Mèo Vạc') > communeSection);
});

test('the stylesheet is served from the site itself', async () => {
  const res = await app.inject({ url: '/assets/site.css' });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^text\/css/);
  assert.match(res.body, /\.skip-link/);
});
