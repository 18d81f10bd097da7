/** Zalo Official Account integration (DOMAIN.md §7): webhook checks, OAuth v4 tokens, API client. */
export {
  DEFAULT_API_BASE,
  DEFAULT_ZNS_BASE,
  type RequestUserInfo,
  toZnsPhone,
  ZaloClient,
  type ZaloClientOptions,
  type ZaloProfile,
  type ZnsInput,
} from './client.ts';
export {
  isRetryableCode,
  PERMANENT_CODES,
  REFRESH_TOKEN_REUSED,
  TOKEN_ERROR_CODES,
  ZaloApiError,
  type ZaloErrorCode,
  ZaloNotConnectedError,
} from './errors.ts';
export { zaloSeenEvents, zaloTokens } from './schema.ts';
export {
  parseZaloEvent,
  type ReplayGuardOptions,
  type ReplayResult,
  type SignatureResult,
  type VerifyInput,
  verifyZaloSignature,
  type ZaloEvent,
  ZaloReplayGuard,
  zaloEventKey,
  zaloSignature,
} from './signature.ts';
export {
  type AccessTokenSource,
  codeChallengeFor,
  createPkcePair,
  DEFAULT_OAUTH_BASE,
  type ZaloTokenPair,
  ZaloTokenStore,
  type ZaloTokenStoreOptions,
} from './tokens.ts';
