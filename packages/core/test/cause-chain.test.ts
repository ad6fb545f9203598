import { describe, expect, it } from 'vitest';
import { causeChain, MAX_CAUSE_DEPTH } from '../src/cause-chain.ts';
import { ZoomNetworkError } from '../src/errors.ts';

describe('causeChain', () => {
  it('lists an error and its causes, outermost first', () => {
    const root = new Error('connect ECONNREFUSED');
    const zoom = new ZoomNetworkError('the connection to Zoom failed', { cause: root });
    const wrapper = new Error('NodeApiError', { cause: zoom });
    expect(causeChain(wrapper)).toEqual([wrapper, zoom, root]);
  });

  it('walks plain objects too (n8n and axios wrap errors in objects with a cause)', () => {
    const inner = { code: 'ECONNRESET' };
    const outer = { message: 'request failed', cause: inner };
    expect(causeChain(outer)).toEqual([outer, inner]);
  });

  it('stops at a cause that is not an object', () => {
    const error = new Error('outer', { cause: 'a string cause' });
    expect(causeChain(error)).toEqual([error]);
    expect(causeChain('not an error')).toEqual([]);
    expect(causeChain(undefined)).toEqual([]);
    expect(causeChain(null)).toEqual([]);
  });

  it('yields each link once when the chain loops', () => {
    const a: { cause?: unknown } = {};
    const b: { cause?: unknown } = { cause: a };
    a.cause = b;
    expect(causeChain(a)).toEqual([a, b]);
    const self: { cause?: unknown } = {};
    self.cause = self;
    expect(causeChain(self)).toEqual([self]);
  });

  it('stops after maxDepth links (default MAX_CAUSE_DEPTH)', () => {
    let error: Error = new Error('root');
    for (let i = 0; i < 20; i++) error = new Error(`wrap ${i}`, { cause: error });
    const chain = causeChain(error);
    expect(chain).toHaveLength(MAX_CAUSE_DEPTH);
    expect(chain[0]).toBe(error);
    expect(causeChain(error, 3)).toHaveLength(3);
    expect(causeChain(error, 0)).toEqual([]);
  });

  it("walks an AggregateError's errors after its cause, breadth first", () => {
    const v4 = new Error('connect ECONNREFUSED 127.0.0.1:443');
    const v6 = new Error('connect ECONNREFUSED ::1:443');
    const cause = new Error('fetch failed');
    const aggregate = new AggregateError([v4, v6], 'all addresses failed', { cause });
    const top = new Error('the connection to Zoom failed', { cause: aggregate });
    expect(causeChain(top)).toEqual([top, aggregate, cause, v4, v6]);
  });
});
