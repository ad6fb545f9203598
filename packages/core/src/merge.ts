/**
 * Runs several async producers with bounded concurrency and yields their items as one stream, with
 * backpressure (a producer waits while the consumer is behind). Portable: promises only, no timers.
 * When the consumer stops early or a producer fails, the other producers stop at their next item.
 */

export async function* mergeBounded<S, T>(
  sources: readonly S[],
  concurrency: number,
  produce: (source: S, isStopped: () => boolean) => AsyncIterable<T>,
): AsyncGenerator<T> {
  const queue: T[] = [];
  const capacity = Math.max(1, concurrency);
  let wakeConsumer: (() => void) | undefined;
  const wakeProducers: Array<() => void> = [];
  let failure: { error: unknown } | undefined;
  let stopped = false;
  let next = 0;
  let running = 0;

  const notifyConsumer = () => {
    const wake = wakeConsumer;
    wakeConsumer = undefined;
    wake?.();
  };
  const isStopped = () => stopped || failure !== undefined;

  async function worker(): Promise<void> {
    while (!isStopped() && next < sources.length) {
      const source = sources[next++]!;
      for await (const item of produce(source, isStopped)) {
        if (isStopped()) return;
        while (queue.length >= capacity && !isStopped())
          await new Promise<void>((r) => wakeProducers.push(r));
        queue.push(item);
        notifyConsumer();
      }
    }
  }

  const workers = Math.min(capacity, sources.length);
  for (let i = 0; i < workers; i++) {
    running += 1;
    worker()
      .catch((error: unknown) => {
        failure ??= { error };
      })
      .finally(() => {
        running -= 1;
        notifyConsumer();
      });
  }

  try {
    for (;;) {
      if (failure) throw failure.error;
      const item = queue.shift();
      if (item !== undefined) {
        wakeProducers.shift()?.();
        yield item;
        continue;
      }
      if (running === 0) return;
      await new Promise<void>((r) => {
        wakeConsumer = r;
      });
    }
  } finally {
    stopped = true;
    for (const wake of wakeProducers.splice(0)) wake();
  }
}
