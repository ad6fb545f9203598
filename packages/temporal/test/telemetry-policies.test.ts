/**
 * Pure parts of telemetry: when the OTEL_* environment turns tracing on and where spans go, what a span
 * of a request says, and the Prometheus text our registry writes.
 */
import { describe, expect, it } from 'vitest';
import { createBackfillMetrics } from '../src/telemetry/backfill-metrics.ts';
import { metricsPortFromEnv } from '../src/telemetry/process-telemetry.ts';
import { createMetricsRegistry } from '../src/telemetry/prometheus-text.ts';
import { otlpHeaders, requestSpanAttributes, tracesEndpoint } from '../src/telemetry/tracing.ts';

describe('tracesEndpoint (OpenTelemetry SDK environment variables)', () => {
  it('is off by default and with none or OTEL_SDK_DISABLED', () => {
    expect(tracesEndpoint({})).toBeUndefined();
    expect(
      tracesEndpoint({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }),
    ).toBeUndefined();
    expect(tracesEndpoint({ OTEL_SDK_DISABLED: 'true', OTEL_TRACES_EXPORTER: 'otlp' })).toBeUndefined();
  });

  it('follows the spec: a signal endpoint as is, the base endpoint plus /v1/traces, else localhost:4318', () => {
    expect(tracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/' })).toBe('http://c:4318/v1/traces');
    expect(
      tracesEndpoint({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://t.example/custom',
      }),
    ).toBe('https://t.example/custom');
    expect(tracesEndpoint({ OTEL_TRACES_EXPORTER: 'otlp' })).toBe('http://localhost:4318/v1/traces');
    expect(
      tracesEndpoint({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' }),
    ).toBe('http://localhost:4318/v1/traces');
  });

  it('reads collector headers in the spec format, the traces variable first', () => {
    expect(otlpHeaders({ OTEL_EXPORTER_OTLP_HEADERS: 'api-key=s3cr%3Dt, x-team = etl ,bad' })).toEqual({
      'api-key': 's3cr=t',
      'x-team': 'etl',
    });
    expect(
      otlpHeaders({ OTEL_EXPORTER_OTLP_HEADERS: 'a=1', OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'b=%zz' }),
    ).toEqual({ b: '%zz' });
    expect(otlpHeaders({})).toEqual({});
  });

  it('names the variable, the value and the fix for what it cannot honour', () => {
    expect(() => tracesEndpoint({ OTEL_TRACES_EXPORTER: 'jaeger' })).toThrow(
      'OTEL_TRACES_EXPORTER: "jaeger" is not supported; use otlp, or none to turn tracing off',
    );
    expect(() =>
      tracesEndpoint({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }),
    ).toThrow(/OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" is not supported; use http\/json or http\/protobuf/);
    expect(() => tracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" is not an http\(s\) URL/,
    );
  });
});

describe('metricsPortFromEnv', () => {
  it('reads ZCC_METRICS_PORT, 0 included, and names it with the fix when it is not a port', () => {
    expect(metricsPortFromEnv({})).toBeUndefined();
    expect(metricsPortFromEnv({ ZCC_METRICS_PORT: ' 9464 ' })).toBe(9464);
    expect(metricsPortFromEnv({ ZCC_METRICS_PORT: '0' })).toBe(0);
    for (const bad of ['70000', '-1', 'http', '1.5']) {
      expect(() => metricsPortFromEnv({ ZCC_METRICS_PORT: bad })).toThrow(
        `ZCC_METRICS_PORT: "${bad}" is not a TCP port; use a number from 1 to 65535, or 0 to pick a free port`,
      );
    }
  });
});

describe('request spans', () => {
  it('carry status, attempt, rate-limit kind and window id, and the error kind when there was no answer', () => {
    const base = {
      windowId: '20250101T000000Z-20250201T000000Z',
      attempt: 2,
      rateLimit: 'per-second' as const,
      error: 'ZoomRateLimitError',
      latencyMs: 120,
      tokenRefresh: false,
      pageSize: 100,
      records: undefined,
    };
    expect(requestSpanAttributes({ ...base, status: 429, networkError: undefined })).toEqual({
      'http.request.method': 'GET',
      'http.request.resend_count': 1,
      'http.response.status_code': 429,
      'zcc_sms.attempt': 2,
      'zcc_sms.rate_limit': 'per-second',
      'zcc_sms.token_refresh': false,
      'zcc_sms.window_id': base.windowId,
      'zcc_sms.page_size': 100,
      'error.type': 'ZoomRateLimitError',
    });
    const cut = requestSpanAttributes({
      ...base,
      status: undefined,
      networkError: 'network',
      error: 'ZoomNetworkError',
      rateLimit: 'none',
    });
    expect(cut['http.response.status_code']).toBeUndefined();
    expect(cut['error.type']).toBe('ZoomNetworkError');
  });
});

describe('Prometheus text', () => {
  it('writes counters by label, gauges read at scrape time and cumulative histograms', () => {
    const registry = createMetricsRegistry();
    const counter = registry.counter('x_total', 'Things');
    let level: number | undefined = 3;
    registry.gauge('x_level', 'Level', () => level);
    const histogram = registry.histogram('x_seconds', 'Durations', [1, 0.1]);
    expect(registry.render()).toContain('# TYPE x_total counter\nx_total 0\n');
    counter.inc({ status: '200' });
    counter.inc({ status: 'say "hi"\n' }, 2);
    histogram.observe(0.05);
    histogram.observe(0.5);
    histogram.observe(7);
    const text = registry.render();
    expect(text).toContain('x_total{status="200"} 1\nx_total{status="say \\"hi\\"\\n"} 2\n');
    expect(text).toContain('# HELP x_level Level\n# TYPE x_level gauge\nx_level 3\n');
    expect(text).toContain(
      'x_seconds_bucket{le="0.1"} 1\nx_seconds_bucket{le="1"} 2\nx_seconds_bucket{le="+Inf"} 3\nx_seconds_sum 7.55\nx_seconds_count 3\n',
    );
    level = undefined;
    expect(registry.render()).not.toContain('x_level');
  });

  it('zcc metrics: a status label per answer, 429 kinds, retries, refreshes and pages from request events', () => {
    let now = 1_000_000;
    const metrics = createBackfillMetrics({ now: () => now });
    const event = {
      windowId: 'w',
      attempt: 1,
      status: 200,
      networkError: undefined,
      rateLimit: 'none' as const,
      error: undefined,
      latencyMs: 250,
      tokenRefresh: false,
      pageSize: 100,
      records: 100,
    };
    metrics.observer.onRequest(event);
    metrics.observer.onRequest({ ...event, attempt: 2, status: 429, rateLimit: 'daily', records: undefined });
    metrics.observer.onRequest({
      ...event,
      attempt: 3,
      status: undefined,
      networkError: 'network',
      records: undefined,
    });
    metrics.observer.onRequest({ ...event, attempt: 4, tokenRefresh: true });
    metrics.windowStarted('b/w');
    metrics.watchBudget(() => ({
      rate: 2,
      configuredRate: 5,
      dailyLimit: 100,
      usedToday: 40,
      resetAt: 0,
      throttled: 0,
      waitingUntil: undefined,
    }));
    now += 30_000;
    const text = metrics.render();
    expect(text).toContain(
      'zcc_sms_requests_total{status="200"} 2\nzcc_sms_requests_total{status="429"} 1\nzcc_sms_requests_total{status="network"} 1\n',
    );
    expect(text).toContain('zcc_sms_rate_limited_total{kind="daily"} 1\n');
    expect(text).toContain('zcc_sms_retries_total 3\n');
    expect(text).toContain('zcc_sms_token_refreshes_total 1\n');
    expect(text).toContain('zcc_sms_pages_total 2\n');
    expect(text).toContain('zcc_sms_daily_quota_remaining 60\n');
    expect(text).toContain('zcc_sms_windows_in_flight 1\n');
    expect(text).toContain('zcc_sms_budget_utilization_ratio 0\n'); // nothing in the last 10 s
    metrics.windowEnded('b/w');
    expect(metrics.render()).toContain('zcc_sms_window_duration_seconds_sum 30\n');
  });
});
