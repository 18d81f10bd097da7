/**
 * Accounts, sessions, sign-in (password, TOTP, OIDC) and permission checks.
 * Services take a Caller (caller.ts); the HTTP layer gets it from `authPlugin`.
 */
import './errors.ts';

export {
  createAccount,
  createAdmin,
  findAccountByLogin,
  linkOidcIdentity,
  resetPassword,
  setPassword,
} from './accounts.ts';
export { systemCaller } from './caller.ts';
export { DEMO_WARNING, type DemoMode, demoMode, showsQueuedMessages } from './demo.ts';
export { parseLogin } from './login.ts';
export { purgeExpiredOidcFlows, safeReturnTo } from './oidc.ts';
export {
  createAccountForHeldSignIn,
  findHeldSignIn,
  LINK_COOKIE,
  linkWithPassword,
} from './oidc-linking.ts';
export { LINK_PAGE, providerLogoutUrl } from './oidc-routes.ts';
export { hashPassword, PASSWORD_MIN_LENGTH, verifyPassword } from './passwords.ts';
export {
  requireSignedIn,
  type StaffCaller,
} from './permissions.ts';
export {
  authPlugin,
  CHANGE_PASSWORD_PAGES,
} from './plugin.ts';
export {
  changePassword,
  completePasswordReset,
  RESET_PATH,
  requestPasswordReset,
  resetSecretIsLive,
} from './recovery.ts';
export {
  CONFIRM_PATH,
  confirmRegistration,
  registrationSecretIsLive,
  startRegistration,
} from './registration.ts';
export {
  accounts,
  accountTokens,
  type VerifiedIdentity,
} from './schema.ts';
export { clearSessionCookie, setSessionCookie } from './session-cookie.ts';
export {
  createSession,
  destroySession,
  loadSession,
  purgeExpiredSessions,
  SESSION_COOKIE,
} from './sessions.ts';
export {
  completeTotpSignIn,
  openSessionFor,
  type SignedIn,
  type SignInInput,
  signIn,
} from './sign-in.ts';

export { confirmTotp, enrolTotp, totpCode } from './totp.ts';
