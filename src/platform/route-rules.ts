/** Route rules of the platform's own routes (http, auth, calendar, notify): see auth/route-rules.ts. */
import type { RouteRules } from './auth/route-rules.ts';

export const platformRouteRules: RouteRules = {
  'GET /healthz': { allow: 'everyone', why: 'liveness for the load balancer' },
  'GET /readyz': { allow: 'everyone', why: 'readiness for the load balancer' },
  'GET /api/v1/csrf-token': { allow: 'everyone', why: 'forms need a token before signing in' },
  'GET /metrics': {
    allow: 'everyone',
    why: 'Prometheus scrape; issue 11 (Lower) restricts it to configured addresses or a token',
  },
  'POST /api/v1/auth/sign-in': { allow: 'credential', why: 'the password is the credential' },
  'POST /api/v1/auth/totp/verify': { allow: 'credential', why: 'the pending sign-in and its code are the credential' },
  'POST /api/v1/auth/sign-out': { allow: 'everyone', why: 'ending a session (none is fine)' },
  'GET /api/v1/auth/me': { allow: 'signedIn', why: 'who the session is' },
  'POST /api/v1/auth/citizens': {
    allow: 'everyone',
    why: 'citizens register themselves',
    body: { login: 'moi.dang.ky@example.vn', password: 'Mat-khau-2026!', displayName: 'Người Mới' },
  },
  'POST /api/v1/auth/citizens/confirm': {
    allow: 'credential',
    why: 'the one-time link sent to the address is the credential: it creates the account',
  },
  'POST /api/v1/auth/password': {
    allow: 'signedIn',
    why: 'each account changes its own password, giving the current one',
    body: { currentPassword: 'Khong-dung-2026!', newPassword: 'Mat-khau-moi-2026!' },
  },
  'POST /api/v1/auth/password-reset': {
    allow: 'everyone',
    why: 'anyone asks for a reset link: the answer is the same for known and unknown logins',
    body: { login: 'khong.co.ai@example.vn' },
  },
  'POST /api/v1/auth/password-reset/confirm': {
    allow: 'credential',
    why: 'the one-time reset link is the credential',
  },
  'POST /api/v1/auth/totp/enrol': { allow: 'signedIn', why: 'each account enrols its own second factor' },
  'POST /api/v1/auth/totp/confirm': {
    allow: 'credential',
    why: 'each account confirms its own second factor: the code from its authenticator is the credential',
    body: { code: '000000' },
  },
  'GET /api/v1/calendar/due': {
    allow: 'everyone',
    why: 'the public due-date calculator',
    query: 'from=2026-12-01T08:00:00%2B07:00&amount=3&unit=working_days',
  },
  'GET /api/v1/calendar/days-off': { allow: 'everyone', why: 'the public calendar', query: 'year=2026' },
  'PUT /api/v1/calendar/schedules': {
    allow: ['agencyAdmin', 'communeAdmin', 'provinceAdmin'],
    why: 'admins set the working schedules they administer',
  },
  'GET /api/v1/me/notification-preferences': { allow: 'signedIn', why: 'one’s own preferences' },
  'PUT /api/v1/me/notification-preferences': {
    allow: 'citizens',
    why: 'a citizen chooses how they are told (staff have none)',
    body: { channels: ['email'] },
  },
};
