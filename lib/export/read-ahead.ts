/**
 * An async iterable read ahead of its consumer, up to `limit` (in the units of `size`): the
 * source keeps working (its database queries in flight) while the consumer is busy, and the
 * consumer finds items waiting when it comes back. Ending the iteration early (return/throw)
 * stops the source after the item it is producing. Errors reach the consumer in order, after
 * the items produced before them. Pure.
 */
export async function* readAhead<T>(source: AsyncIterable<T>, size: (item: T) => number, limit: number): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  const queue: T[] = [];
  let queued = 0;
  let finished = false;
  let failed = false;
  let failure: unknown;
  let stopped = false;
  let wakeConsumer: (() => void) | null = null;
  let wakeProducer: (() => void) | null = null;
  const wake = (which: "consumer" | "producer") => {
    const resume = which === "consumer" ? wakeConsumer : wakeProducer;
    if (which === "consumer") wakeConsumer = null;
    else wakeProducer = null;
    resume?.();
  };

  const produce = async () => {
    try {
      while (!stopped) {
        if (queued >= limit) {
          await new Promise<void>((resolve) => (wakeProducer = resolve));
          continue;
        }
        const next = await iterator.next();
        if (next.done) break;
        queue.push(next.value);
        queued += size(next.value);
        wake("consumer");
      }
    } catch (error) {
      failed = true;
      failure = error;
    }
    finished = true;
    wake("consumer");
  };
  const producing = produce();

  try {
    for (;;) {
      if (queue.length > 0) {
        const item = queue.shift() as T;
        queued -= size(item);
        wake("producer");
        yield item;
      } else if (finished) {
        if (failed) throw failure;
        return;
      } else {
        await new Promise<void>((resolve) => (wakeConsumer = resolve));
      }
    }
  } finally {
    stopped = true;
    wake("producer");
    await producing;
    await iterator.return?.();
  }
}
