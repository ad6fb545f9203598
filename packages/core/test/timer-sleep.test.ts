import { describe, expect, it } from 'vitest';
import { ZoomAbortError } from '../src/errors.ts';
import { timerSleep } from '../src/node.ts';

describe('timerSleep', () => {
  it('sleeps beyond 2^31-1 ms without overflowing Node’s timer (which would fire at once, warning)', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const abort = new AbortController();
      let settled = false;
      const sleeping = timerSleep(2 ** 31 + 1000, abort.signal).finally(() => {
        settled = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(settled).toBe(false);
      abort.abort();
      await expect(sleeping).rejects.toBeInstanceOf(ZoomAbortError);
      expect(warnings).not.toContain('TimeoutOverflowWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });
});
