/**
 * A small writer of Prometheus' text exposition format (version 0.0.4): counters, gauges read at scrape
 * time, and histograms with fixed buckets. A dozen series do not justify `prom-client` (its default
 * registry is module-global state, and it brings process collectors we do not want next to the Temporal
 * SDK's own); the format is a few lines of text.
 * https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
 */

/** Label values by label name. */
export type Labels = Readonly<Record<string, string>>;

/** A monotonically increasing count, optionally split by labels. */
export interface Counter {
  inc(labels?: Labels, by?: number): void;
}

/** Observations counted into cumulative buckets, with their sum and count. */
export interface Histogram {
  observe(value: number): void;
}

/** The series of one process, rendered on each scrape. */
export interface MetricsRegistry {
  counter(name: string, help: string): Counter;
  /** A gauge whose value is read when scraped; `undefined` leaves it out of that scrape. */
  gauge(name: string, help: string, read: () => number | undefined): void;
  histogram(name: string, help: string, buckets: readonly number[]): Histogram;
  /** Every series in the text format, ending with a newline. */
  render(): string;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labelText(labels: Labels): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}

function number(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return Number.isNaN(value) ? 'NaN' : String(value);
}

/** A registry with no series yet. */
export function createMetricsRegistry(): MetricsRegistry {
  const sections: Array<() => string[]> = [];
  const header = (name: string, help: string, type: string) => [
    `# HELP ${name} ${help}`,
    `# TYPE ${name} ${type}`,
  ];
  return {
    counter(name, help) {
      const values = new Map<string, number>();
      sections.push(() => [
        ...header(name, help, 'counter'),
        ...(values.size === 0 ? [`${name} 0`] : [...values].map(([l, v]) => `${name}${l} ${number(v)}`)),
      ]);
      return {
        inc(labels = {}, by = 1) {
          const key = labelText(labels);
          values.set(key, (values.get(key) ?? 0) + by);
        },
      };
    },
    gauge(name, help, read) {
      sections.push(() => {
        const value = read();
        return value === undefined ? [] : [...header(name, help, 'gauge'), `${name} ${number(value)}`];
      });
    },
    histogram(name, help, buckets) {
      const bounds = [...buckets].sort((a, b) => a - b);
      const counts = bounds.map(() => 0);
      let sum = 0;
      let count = 0;
      sections.push(() => [
        ...header(name, help, 'histogram'),
        ...bounds.map((le, i) => `${name}_bucket{le="${number(le)}"} ${counts[i]}`),
        `${name}_bucket{le="+Inf"} ${count}`,
        `${name}_sum ${number(sum)}`,
        `${name}_count ${count}`,
      ]);
      return {
        observe(value) {
          for (let i = 0; i < bounds.length; i++) if (value <= bounds[i]!) counts[i]! += 1;
          sum += value;
          count += 1;
        },
      };
    },
    render: () => `${sections.flatMap((section) => section()).join('\n')}\n`,
  };
}
