/**
 * Which rate plan the account seems to have. List SMS answers may carry `X-RateLimit-Limit` (with
 * `X-RateLimit-Type` `QPS` or `Daily-limit` on a 429) — documented only on Zoom's older rate-limits page and
 * unreliable (docs/zoom-api.md): when present, the limit is matched against the plans' HEAVY limits; when
 * absent, the configured plan is what the CLI assumes, and the verdict says so.
 */
import { RATE_PLANS, type RatePlanName } from '@zcc-sms/core';
import { type Outcome, ok, warn } from './verdict.ts';

const PLAN_LABEL: Readonly<Record<RatePlanName, string>> = { pro: 'Pro', business: 'Business+' };

function planFor(limit: number, kind: 'perSecond' | 'daily'): RatePlanName | undefined {
  return (Object.keys(RATE_PLANS) as RatePlanName[]).find((plan) => RATE_PLANS[plan][kind] === limit);
}

/**
 * The rate-plan verdict from one List SMS answer's headers (lower-case names) and the plan the user
 * configured (`--plan`, or undefined for the default, pro).
 */
export function ratePlanVerdict(
  headers: Readonly<Record<string, string | undefined>>,
  configured: RatePlanName | undefined,
): Outcome {
  const using = configured ?? 'pro';
  const raw = headers['x-ratelimit-limit']?.trim();
  const limit = raw === undefined || raw === '' ? Number.NaN : Number(raw);
  if (!Number.isInteger(limit) || limit <= 0) {
    return ok(
      `assumed: ${using} (${rateText(using)}); Zoom sent no X-RateLimit-Limit header to tell${using === 'pro' ? ', set --plan business if your account is Business+' : ''}`,
    );
  }
  const kind = headers['x-ratelimit-type']?.trim().toLowerCase() === 'qps' ? 'perSecond' : 'daily';
  const unit = kind === 'perSecond' ? 'requests/s' : 'requests/day';
  const seen = planFor(limit, kind);
  const how = `X-RateLimit-Limit: ${limit} ${unit}${headers['x-ratelimit-category'] ? ` (${headers['x-ratelimit-category']} label)` : ''}`;
  if (seen === undefined) {
    return warn(
      `${how} matches no plan's List SMS limit; assumed: ${using} (${rateText(using)}) — lower it with --max-rps / --daily-quota if the account shares its limits`,
    );
  }
  if (seen !== using) {
    return warn(`${PLAN_LABEL[seen]}, from ${how}, but the CLI is set for ${using}: pass --plan ${seen}`);
  }
  return ok(`${PLAN_LABEL[seen]}, from ${how}`);
}

function rateText(ratePlan: RatePlanName): string {
  const { perSecond, daily } = RATE_PLANS[ratePlan];
  return `${perSecond}/s, ${daily.toLocaleString('en-US')}/day`;
}
