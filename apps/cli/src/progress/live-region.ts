/**
 * A block of lines at the bottom of a terminal, redrawn in place like `docker pull`: the cursor goes back
 * to the block's first line (CSI n A), each line is rewritten after erasing it (CSI 2K), and whatever the
 * previous, taller block left below is erased (CSI J). Lines are cut to the terminal's width minus one
 * column, so none wraps (a wrapped line would make the cursor arithmetic wrong and leave garbage), and the
 * block never grows taller than the screen (the cursor cannot move above the top). The cursor is hidden
 * while the block is shown and shown again by `clear` — callers also call `clear` on exit and Ctrl-C.
 */

export const HIDE_CURSOR = '\x1b[?25l';
export const SHOW_CURSOR = '\x1b[?25h';

export interface LiveRegion {
  /** Replaces the block with `lines`. */
  draw(lines: readonly string[]): void;
  /** Erases the block (the next output starts where it was) and shows the cursor. */
  clear(): void;
  /** Lines currently on screen. */
  readonly height: number;
}

/** `text` cut to `width` columns, with `…` when cut (one column per UTF-16 unit: our lines are BMP text). */
export function fit(text: string, width: number): string {
  if (width <= 1) return '';
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

export function createLiveRegion(
  write: (text: string) => void,
  size: () => { columns: number; rows: number },
): LiveRegion {
  let height = 0;
  const home = (): string => (height === 0 ? '' : `\r${height > 1 ? `\x1b[${height - 1}A` : ''}`);
  return {
    draw(lines) {
      const { columns, rows } = size();
      const max = Math.max(2, rows - 1);
      const kept =
        lines.length > max ? [...lines.slice(0, max - 1), `… ${lines.length - max + 1} more`] : lines;
      const shown = kept.map((l) => fit(l, columns - 1));
      const body = shown.map((l) => `\x1b[2K${l}`).join('\n');
      write(`${height === 0 ? HIDE_CURSOR : home()}${body}\x1b[J`);
      height = shown.length;
    },
    clear() {
      if (height === 0) return;
      write(`${home()}\x1b[J${SHOW_CURSOR}`);
      height = 0;
    },
    get height() {
      return height;
    },
  };
}
