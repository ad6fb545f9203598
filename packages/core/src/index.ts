/**
 * `@zcc-sms/core`: everything about Zoom Contact Center's List SMS endpoint. Portable: no timers,
 * `process`, `console` or `fs`; Node defaults are in `@zcc-sms/core/node`.
 */

export type { ServerToServerCredentials, ServerToServerOptions, TokenProvider } from './auth.ts';
export {
  DEFAULT_TOKEN_URL,
  grantsSmsRead,
  SMS_READ_SCOPES,
  serverToServerTokenProvider,
  staticTokenProvider,
} from './auth.ts';
export { causeChain } from './cause-chain.ts';
export type { ClientStats, PagesOptions, SmsApi, ZoomAuth, ZoomClient, ZoomClientOptions } from './client.ts';
export { createZoomClient, DEFAULT_BASE_URL, seededRandom } from './client.ts';
export { errorFromResponse, isPageTokenProblem } from './error-factory.ts';
export {
  redactSecrets,
  ZoomAbortError,
  ZoomAuthError,
  ZoomBadRequestError,
  ZoomCredentialsError,
  ZoomDailyQuotaError,
  ZoomError,
  ZoomInputError,
  ZoomNetworkError,
  ZoomNotFoundError,
  ZoomPageTokenError,
  ZoomPermissionError,
  ZoomRateLimitError,
  ZoomResponseError,
  ZoomServerError,
} from './errors.ts';
export type { LogFields, Logger, LogLevel } from './logger.ts';
export { maskPhone, redactFields, safeLogger, silentLogger } from './logger.ts';
export type { Plan, PlanInput, PlanLimits, PlanMonth, WindowEstimate } from './plan.ts';
export { computePlan, etaMs, expectedFinish, requestsFor } from './plan.ts';
export type { ExportPlan, PlanOptions } from './planner.ts';
export { planExport } from './planner.ts';
export type { SmsFilters, SmsQuery, SmsRange } from './query.ts';
export {
  MAX_PAGE_SIZE,
  parseSmsFilters,
  parseSmsQuery,
  smsFiltersSchema,
  smsQuerySchema,
  toSearchParams,
} from './query.ts';
export type { RateBudget, RateBudgetOptions, RateBudgetState, RatePlanName } from './rate-budget.ts';
export { createRateBudget, RATE_PLANS, resolveLimits } from './rate-budget.ts';
export type { RateLimitKind } from './rate-limit-policy.ts';
export {
  classify429,
  dailyResetAt,
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
  saneRetryAfter,
} from './rate-limit-policy.ts';
export type { RateOptionsInput } from './rate-options.ts';
export { MAX_PER_SECOND, validateRateBudgetOptions } from './rate-options.ts';
export type { SmsPage, SmsRecord } from './response.ts';
export { parseSmsPage, smsPageSchema, smsRecordSchema } from './response.ts';
export type { RetryOptions } from './retry-policy.ts';
export { DEFAULT_RETRY, retryDelay, shouldRetry, validateRetryOptions } from './retry-policy.ts';
export type { Favor } from './split-policy.ts';
export {
  extraRequestAllowance,
  recommendedConcurrency,
  SPLIT_COST,
  tailHeavyCount,
  targetPagesPerCursor,
  unbalancedTail,
} from './split-policy.ts';
export type { TokenGrant } from './token-grant.ts';
export { requestTokenGrant } from './token-grant.ts';
export type { Clock, Sleep, Transport, TransportRequest, TransportResponse } from './transport.ts';
export type { SmsPageResult, WindowCursor } from './window-pages.ts';
export { canResume, initialCursor, PAGE_TOKEN_TTL_MS } from './window-pages.ts';
export type { TimeWindow } from './windows.ts';
export {
  addOneMonth,
  fitsOneMonth,
  formatInstant,
  monthWindows,
  nextUtcMidnight,
  parseZoomDate,
  splitWindow,
  touchesSharedEdge,
} from './windows.ts';
