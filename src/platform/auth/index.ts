/**
 * Accounts, sessions, sign-in (password, TOTP, OIDC) and permission checks.
 * Services take a Caller (caller.ts); the HTTP layer gets it from `authPlugin`.
 */
import './errors.ts';

export {
  type AccountKind,
  createAccount,
  createAdmin,
  findAccountById,
  findAccountByLogin,
  findAccountByOidc,
  linkOidcIdentity,
  type NewAccount,
  resetPassword,
  setPassword,
} from './accounts.ts';
export { anonymous, type Caller, type StaffRole, staffRoles, systemCaller } from './caller.ts';
export { DEMO_WARNING, type DemoMode, demoMode, showsQueuedMessages } from './demo.ts';
export { loginKey, normaliseEmail, normalisePhone, parseLogin } from './login.ts';
export { createOidcClient, type OidcClient, oidcSettings, purgeExpiredOidcFlows, safeReturnTo } from './oidc.ts';
export { checkPasswordPolicy, hashPassword, PASSWORD_MIN_LENGTH, verifyPassword } from './passwords.ts';
export {
  hasRole,
  requireCitizen,
  requireSignedIn,
  requireStaff,
  type SignedInCaller,
  type StaffCaller,
} from './permissions.ts';
export {
  type AuthPluginOptions,
  authPlugin,
  CHANGE_PASSWORD_PAGES,
  defaultResolveCaller,
  type ResolveCaller,
} from './plugin.ts';
export {
  changePassword,
  completePasswordReset,
  RESET_MINUTES,
  RESET_PATH,
  requestPasswordReset,
  resetSecretIsLive,
} from './recovery.ts';
export {
  CONFIRM_PATH,
  confirmRegistration,
  REGISTRATION_HOURS,
  registrationSecretIsLive,
  startRegistration,
} from './registration.ts';
export {
  type AccountRow,
  accounts,
  accountTokens,
  oidcFlows,
  type SessionRow,
  sessions,
  signInThrottle,
} from './schema.ts';
export { clearSessionCookie, setSessionCookie } from './session-cookie.ts';
export {
  createSession,
  destroyAllSessions,
  destroySession,
  type LoadedSession,
  loadSession,
  purgeExpiredSessions,
  SESSION_COOKIE,
} from './sessions.ts';
export {
  completeTotpSignIn,
  openSessionFor,
  type SignedIn,
  type SignInInput,
  type SignInOptions,
  signIn,
} from './sign-in.ts';
export { defaultThrottlePolicy, type ThrottlePolicy } from './throttle.ts';
export { confirmTotp, disableTotp, enrolTotp, totpCode } from './totp.ts';
