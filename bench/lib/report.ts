/** Writes bench/REPORT.md and an SVG chart of wall time ÷ floor per scenario. */
import { readFile, writeFile } from 'node:fs/promises';

export interface Row {
  readonly traffic: string;
  readonly plan: string;
  readonly latencyMs: number | undefined;
  readonly path: string;
  readonly records: number;
  readonly minimumRequests: number;
  readonly requests: number;
  /** Records served more than once, in pages of 100. */
  readonly refetchedPages: number;
  readonly planned: number | undefined;
  /** Floor and wall in seconds, or in days for jobs spanning days of quota (`unit: 'd'`). */
  readonly floorS: number;
  readonly wallS: number;
  readonly unit?: 's' | 'd';
  readonly sequentialS: number | undefined;
  readonly rateLimited: number;
  readonly cpuMsPer1000: number | undefined;
  readonly rssMiB: number | undefined;
  readonly exact: boolean;
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const r2 = (x: number) => x.toFixed(2);

export function markdownTable(rows: readonly Row[]): string {
  const head =
    '| traffic | plan | latency | path | records | requests (min) | extra | re-fetched pages | plan est. error | floor | wall | wall ÷ floor | sequential ÷ wall | 429s | CPU ms / 1,000 rec | peak RSS MiB | exact set |\n' +
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n';
  return (
    head +
    rows
      .map((r) => {
        const unit = r.unit ?? 's';
        const fmt = (x: number) => (unit === 'd' ? `${x} d` : `${x.toFixed(1)} s`);
        return [
          r.traffic,
          r.plan,
          r.latencyMs === undefined ? '–' : `${r.latencyMs} ms`,
          r.path,
          r.records.toLocaleString('en-US'),
          `${r.requests} (${r.minimumRequests})`,
          pct((r.requests - r.minimumRequests) / r.minimumRequests),
          r.refetchedPages.toFixed(1),
          r.planned === undefined ? '–' : pct(Math.abs(r.planned - r.requests) / r.requests),
          fmt(r.floorS),
          fmt(r.wallS),
          r2(r.wallS / r.floorS),
          r.sequentialS === undefined ? '–' : `${r2(r.sequentialS / r.wallS)}×`,
          String(r.rateLimited),
          r.cpuMsPer1000 === undefined ? '–' : r.cpuMsPer1000.toFixed(1),
          r.rssMiB === undefined ? '–' : r.rssMiB.toFixed(0),
          r.exact ? 'yes' : '**NO**',
        ].join(' | ');
      })
      .map((line) => `| ${line} |`)
      .join('\n')
  );
}

/** Horizontal bars: wall ÷ floor per row, with the 1.0 floor and the 1.10 aim marked. */
export function svgChart(rows: readonly Row[]): string {
  const barH = 18;
  const gap = 6;
  const left = 360;
  const width = 820;
  const maxRatio = Math.max(
    2,
    ...rows.map((r) => r.wallS / r.floorS),
    ...rows.map((r) => (r.sequentialS ?? 0) / r.floorS),
  );
  const scale = (width - left - 40) / maxRatio;
  const height = 40 + rows.length * (barH + gap) + 30;
  const x = (ratio: number) => left + ratio * scale;
  const bars = rows
    .map((r, i) => {
      const y = 30 + i * (barH + gap);
      const ratio = r.wallS / r.floorS;
      const seq =
        r.sequentialS === undefined
          ? ''
          : `<rect x="${left}" y="${y + barH - 5}" width="${((r.sequentialS / r.floorS) * scale).toFixed(1)}" height="4" fill="#c0392b"/>`;
      return (
        `<text x="${left - 8}" y="${y + 13}" text-anchor="end" font-size="11">${r.traffic} · ${r.plan} · ${r.latencyMs ?? '–'} ms · ${r.path}</text>` +
        `<rect x="${left}" y="${y}" width="${(ratio * scale).toFixed(1)}" height="${barH - 6}" fill="${ratio <= 1.1 ? '#27ae60' : ratio <= 1.5 ? '#f39c12' : '#7f8c8d'}"/>` +
        seq +
        `<text x="${x(ratio) + 4}" y="${y + 11}" font-size="10">${ratio.toFixed(2)}×</text>`
      );
    })
    .join('\n');
  const marks = [1, 1.1]
    .map(
      (m) =>
        `<line x1="${x(m)}" y1="22" x2="${x(m)}" y2="${height - 25}" stroke="#333" stroke-dasharray="${m === 1 ? '0' : '3,3'}" stroke-width="0.7"/><text x="${x(m)}" y="18" font-size="10" text-anchor="middle">${m}×</text>`,
    )
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
${marks}
${bars}
<text x="${left}" y="${height - 8}" font-size="10">bar: wall time ÷ floor (requests ÷ rate); thin red line: plain sequential page loop ÷ floor</text>
</svg>
`;
}

/**
 * Writes the generated report and its chart. The sections after the generated table (`## …`: the reading
 * of the rows, and the benchmarks run by hand) are the report's prose: kept from the file being replaced.
 */
export async function writeReport(
  path: string,
  svgPath: string,
  body: string,
  rows: readonly Row[],
): Promise<void> {
  const previous = await readFile(path, 'utf8').catch(() => '');
  const prose = previous.indexOf('\n## ');
  await writeFile(svgPath, svgChart(rows));
  await writeFile(path, prose === -1 ? body : `${body}${previous.slice(prose)}`);
}
