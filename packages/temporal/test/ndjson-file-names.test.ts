/** The NDJSON sink's file names: what the sink writes is what its readers (the CLI, overlap checks) parse. */
import { monthWindows, splitWindow } from '@zcc-sms/core';
import { describe, expect, it } from 'vitest';
import { parseWindowFileName, windowFileName } from '../src/names.ts';

describe('window file names', () => {
  it('round-trips every month window and sub-window id of the core', () => {
    const [month] = monthWindows('2025-03-01', '2025-03-31');
    const windows = [month!, ...splitWindow(month!, 4)];
    for (const window of windows) {
      expect(parseWindowFileName(windowFileName(window.id))).toEqual({
        windowId: window.id,
        month: '2025-03',
      });
    }
  });

  it('ignores files that are not published windows', () => {
    expect(parseWindowFileName('meta.json')).toBeUndefined();
    expect(parseWindowFileName('notes.ndjson')).toBeUndefined();
    expect(parseWindowFileName('20250301T000000Z-20250401T000000Z.ndjson.tmp')).toBeUndefined();
  });
});
