import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig, settingsTable } from '../config.ts';

test('delivery settings are optional and the Zalo bases default to the public hosts', () => {
  const c = loadConfig({});
  assert.equal(c.zaloAppId, undefined);
  assert.equal(c.smtpUrl, undefined);
  assert.equal(c.smsGatewayUrl, undefined);
  assert.equal(c.zaloApiBase, 'https://openapi.zalo.me');
  assert.equal(c.zaloOauthBase, 'https://oauth.zaloapp.com');
  assert.equal(c.zaloZnsBase, 'https://business.openapi.zalo.me');
});

for (const [env, variable, problem] of [
  [{ ZALO_APP_ID: '123', ZALO_OA_ID: '9' }, 'ZALO_APP_SECRET', /must be set/],
  [{ ZALO_APP_ID: '123', ZALO_APP_SECRET: 's' }, 'ZALO_OA_ID', /must be set/],
  [{ SMTP_URL: 'smtp://mail.example.vn:587' }, 'MAIL_FROM', /must be set/],
  [{ SMTP_URL: 'https://mail.example.vn' }, 'SMTP_URL', /smtp:/],
  [{ SMS_GATEWAY_URL: 'gateway' }, 'SMS_GATEWAY_URL', /not a valid URL/],
  [{ ZALO_API_BASE: 'ftp://x' }, 'ZALO_API_BASE', /http:/],
] as const) {
  test(`a bad delivery setting (${JSON.stringify(env)}) names ${variable}`, () => {
    assert.throws(
      () => loadConfig(env),
      (err: unknown) => err instanceof ConfigError && err.variable === variable && problem.test(err.message),
    );
  });
}

test('the delivery settings are in the settings table', () => {
  for (const name of [
    'ZALO_APP_ID',
    'ZALO_OA_SECRET_KEY',
    'ZALO_ZNS_BASE',
    'SMTP_URL',
    'MAIL_FROM',
    'SMS_GATEWAY_TOKEN',
  ]) {
    assert.match(settingsTable(), new RegExp(`\\| \`${name}\` \\|`));
  }
});
