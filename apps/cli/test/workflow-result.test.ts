/**
 * Waiting for a backfill's result outlives a Temporal that fails a long poll now and then (a backfill
 * re-attached after Ctrl-C once ended "Unexpected error: Failed to get Workflow execution history" on a
 * loaded CI machine while the backfill ran on), yet stays bounded, and a real answer is never asked twice.
 * The errors are the Temporal client's own `ServiceError` over a gRPC status, as `handle.result()` throws.
 */
import { ServiceError, WorkflowFailedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { reportError } from '../src/error-report.ts';
import { awaitWorkflowResult, lostTrackError } from '../src/temporal/workflow-result.ts';

function grpcFailure(code: number, details: string): ServiceError {
  const status = Object.assign(new Error(`${code} ${details}`), { code, details });
  return new ServiceError('Failed to get Workflow execution history', { cause: status });
}
const DEADLINE = 4;
const NOT_FOUND = 5;

/** A poll answering from `script` in turn (an Error is thrown), and a clock each poll advances by `pollMs`. */
function scripted(script: readonly unknown[], pollMs = 0) {
  let t = 0;
  let polls = 0;
  const sleeps: number[] = [];
  return {
    poll: async () => {
      const answer = script[Math.min(polls, script.length - 1)];
      polls += 1;
      t += pollMs;
      if (answer instanceof Error) throw answer;
      return answer;
    },
    options: {
      now: () => t,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        t += ms;
      },
    },
    polls: () => polls,
    sleeps,
  };
}

describe('awaitWorkflowResult', () => {
  it('asks again after DEADLINE_EXCEEDED and returns the result', async () => {
    const run = scripted([grpcFailure(DEADLINE, 'context deadline exceeded'), grpcFailure(13, 'x'), 'done']);
    await expect(awaitWorkflowResult(run.poll, run.options)).resolves.toBe('done');
    expect(run.polls()).toBe(3);
    expect(run.sleeps).toEqual([1_000, 2_000]);
  });

  it('gives the last failure after 6 in a row, having waited 1, 2, 4, 8 and 15 s between them', async () => {
    const failure = grpcFailure(DEADLINE, 'context deadline exceeded');
    const run = scripted([failure]);
    await expect(awaitWorkflowResult(run.poll, run.options)).rejects.toBe(failure);
    expect(run.polls()).toBe(6);
    expect(run.sleeps).toEqual([1_000, 2_000, 4_000, 8_000, 15_000]);
  });

  it('starts a new row after a poll that ran 30 s before failing', async () => {
    const failure = grpcFailure(14, 'connection reset');
    const run = scripted([failure, failure, failure, failure, failure, failure, failure, 42], 31_000);
    await expect(awaitWorkflowResult(run.poll, run.options)).resolves.toBe(42);
    expect(run.sleeps).toEqual(Array(7).fill(1_000));
  });

  it('never asks again for a workflow that is not there, a workflow failure or a stopped wait', async () => {
    const missing = grpcFailure(NOT_FOUND, 'workflow not found');
    const gone = scripted([missing, 'late']);
    await expect(awaitWorkflowResult(gone.poll, gone.options)).rejects.toBe(missing);
    expect(gone.polls()).toBe(1);

    const failed = new WorkflowFailedError(
      'Workflow execution failed',
      new Error('window failed'),
      'NON_RETRYABLE_FAILURE',
    );
    const broken = scripted([failed, 'late']);
    await expect(awaitWorkflowResult(broken.poll, broken.options)).rejects.toBe(failed);
    expect(broken.polls()).toBe(1);

    const abort = new AbortController();
    abort.abort();
    const stopped = scripted([grpcFailure(DEADLINE, 'context deadline exceeded'), 'late']);
    await expect(
      awaitWorkflowResult(stopped.poll, { ...stopped.options, signal: abort.signal }),
    ).rejects.toBeInstanceOf(ServiceError);
    expect(stopped.polls()).toBe(1);
  });

  it('tells the user a backfill it lost track of keeps its progress, and how to pick it up (exit 5)', () => {
    const lost = reportError(lostTrackError('backfill', 'zcc-sms-backfill-x', grpcFailure(DEADLINE, 'busy')));
    expect(lost).toEqual({
      exitCode: 5,
      message:
        'Temporal stopped answering while waiting for backfill zcc-sms-backfill-x: Failed to get Workflow execution history (DEADLINE_EXCEEDED: busy). Its progress is kept: run the same command again to attach to it, or `zcc-sms status zcc-sms-backfill-x` to see it.',
      unexpected: false,
    });
    const missing = grpcFailure(NOT_FOUND, 'workflow not found');
    expect(lostTrackError('backfill', 'zcc-sms-backfill-x', missing)).toBe(missing);
  });

  it('names the gRPC status when any other Temporal failure reaches the user', () => {
    const report = reportError(grpcFailure(DEADLINE, 'context deadline exceeded'));
    expect(report.message).toBe(
      'Unexpected error: Failed to get Workflow execution history (DEADLINE_EXCEEDED: context deadline exceeded)',
    );
  });
});
