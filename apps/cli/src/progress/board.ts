/**
 * The terminal display as lines of text (pure; live-region.ts puts them on screen): a bar with the share
 * done, records, the request rate against the limit, today's quota left, the ETA, then one line per
 * window in flight — its id, records, pages and what it is doing. The bar measures records against the
 * plan's estimate when there is one, else pages against planned pages, else windows.
 */
import { count, duration, eta, instant, type ProgressSnapshot, rate } from './format.ts';

const BAR_WIDTH = 30;

/** Share done in [0, 1], from the best measure the snapshot has; `undefined` before anything is known. */
export function doneFraction(p: ProgressSnapshot): number | undefined {
  const ratio = (done: number, of: number | undefined): number | undefined =>
    of !== undefined && of > 0 ? Math.min(1, Math.max(0, done / of)) : undefined;
  if (p.windowsTotal > 0 && p.windowsDone === p.windowsTotal) return 1;
  return (
    ratio(p.records, p.estimatedTotal) ??
    ratio(p.pagesDone ?? 0, p.pagesPlanned) ??
    ratio(p.windowsDone, p.windowsTotal)
  );
}

/** `[█████░░░░░]  50%`, or an empty bar with `  ?%` when the share is unknown. */
export function bar(fraction: number | undefined, width = BAR_WIDTH): string {
  const filled = fraction === undefined ? 0 : Math.round(fraction * width);
  const percent = fraction === undefined ? '?' : String(Math.floor(fraction * 100));
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${percent.padStart(3)}%`;
}

function rateText(p: ProgressSnapshot): string {
  const limit = p.rateLimit !== undefined && p.rateLimit > 0 ? ` of ${rate(p.rateLimit)} limit` : '';
  return `${rate(p.requestRate)} req/s${limit}`;
}

function quotaText(p: ProgressSnapshot): string | undefined {
  if (p.quotaLeft === undefined) return undefined;
  const of = p.dailyLimit !== undefined ? `/${count(p.dailyLimit)}` : '';
  return `quota left today ${count(Math.max(0, p.quotaLeft))}${of}`;
}

function timeText(p: ProgressSnapshot, now: number): string {
  if (p.waitingUntil !== undefined && p.waitingUntil > now)
    return `waiting for the daily quota until ${instant(p.waitingUntil)} (${duration(p.waitingUntil - now)})`;
  const left = eta(p);
  return `ETA ${left === undefined ? '?' : duration(left)}`;
}

function windowLine(w: NonNullable<ProgressSnapshot['windows']>[number], idWidth: number): string {
  const known = (n: number | undefined): string => (n === undefined ? '–' : count(n));
  const pages = w.plannedPages !== undefined ? `${known(w.pages)}/${count(w.plannedPages)}` : known(w.pages);
  return `  ${w.id.padEnd(idWidth)}  ${known(w.records).padStart(7)} records  ${pages.padStart(7)} pages  ${w.state}`;
}

/** The display's lines, top to bottom (not yet cut to the terminal's width). */
export function boardLines(p: ProgressSnapshot, now: number): string[] {
  const records = `${count(p.records)}${p.estimatedTotal !== undefined ? `/~${count(p.estimatedTotal)}` : ''} records`;
  const head = [bar(doneFraction(p)), records, `windows ${p.windowsDone}/${p.windowsTotal}`];
  if (p.state) head.push(p.state);
  const stats = [rateText(p), quotaText(p), timeText(p, now), `elapsed ${duration(p.elapsedMs)}`];
  const lines = [head.join('  '), stats.filter((s) => s !== undefined).join(' · ')];
  if (p.notice) lines.push(p.notice);
  const windows = p.windows ?? [];
  const idWidth = Math.max(0, ...windows.map((w) => w.id.length));
  for (const w of windows) lines.push(windowLine(w, idWidth));
  return lines;
}
