/**
 * A real terminal for tests: a detached tmux session of a fixed size on a private server socket, running
 * one shell command; `screen()` is what a person would see (`capture-pane -p`: the text after the
 * terminal interpreted every escape sequence), `cursorVisible()` whether the cursor is shown.
 */
import { execFileSync, spawnSync } from 'node:child_process';

export const HAS_TMUX = spawnSync('tmux', ['-V']).status === 0;

export interface Terminal {
  screen(): string;
  cursorVisible(): boolean;
  /** Keys as tmux names them, e.g. `C-c`. */
  send(keys: string): void;
  /** Polls the screen until `done(screen)` holds; throws with the last screen after `timeoutMs`. */
  waitFor(done: (screen: string) => boolean, timeoutMs: number): Promise<string>;
  close(): void;
}

/** Single-quoted for sh. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

export function openTerminal(command: string, size: { columns: number; rows: number }): Terminal {
  const socket = `zcc-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const tmux = (...args: string[]): string =>
    execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  // The shell stays after the command (sleep), so the final screen and the exit code can still be read.
  const args = ['new-session', '-d', '-s', 'main', '-x', String(size.columns), '-y', String(size.rows)];
  // On a loaded machine a fresh tmux server now and then fails to come up ("server exited
  // unexpectedly"); starting it again is what a person would do too.
  for (let attempt = 1; ; attempt++) {
    try {
      tmux(...args, `${command}; echo EXIT=$?; sleep 600`);
      break;
    } catch (error) {
      if (attempt >= 3) throw error;
      spawnSync('tmux', ['-L', socket, 'kill-server']);
    }
  }
  const screen = (): string => tmux('capture-pane', '-p', '-t', 'main');
  return {
    screen,
    cursorVisible: () => tmux('display-message', '-p', '-t', 'main', '#{cursor_flag}').trim() === '1',
    send: (keys) => {
      tmux('send-keys', '-t', 'main', keys);
    },
    async waitFor(done, timeoutMs) {
      const until = Date.now() + timeoutMs;
      let last = '';
      while (Date.now() < until) {
        last = screen();
        if (done(last)) return last;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`the terminal never showed what was expected; last screen:\n${last}`);
    },
    close: () => {
      spawnSync('tmux', ['-L', socket, 'kill-server']);
    },
  };
}
