import "server-only";
/**
 * Node/async-iterable sources as the web ReadableStream a route handler returns, pulling one
 * chunk per read: nothing is produced ahead of what the HTTP response has taken (Next waits
 * for the socket to drain before it reads again), so a slow client slows the database reads
 * instead of filling memory. cancel (client gone) stops the source at once.
 */
export interface StreamHooks {
  onChunk?(bytes: number): void;
  onCancel?(reason: unknown): void;
}

const encoder = new TextEncoder();

function toBytes(chunk: unknown): Uint8Array {
  if (typeof chunk === "string") return encoder.encode(chunk);
  if (chunk instanceof Uint8Array) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError("stream chunks must be strings or bytes");
}

export function iterableToWebStream(source: AsyncIterable<unknown>, hooks: StreamHooks = {}): ReadableStream<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          for (;;) {
            const next = await iterator.next();
            if (next.done) {
              controller.close();
              return;
            }
            const bytes = toBytes(next.value);
            if (bytes.byteLength === 0) continue;
            hooks.onChunk?.(bytes.byteLength);
            controller.enqueue(bytes);
            return;
          }
        } catch (error) {
          controller.error(error);
        }
      },
      async cancel(reason) {
        hooks.onCancel?.(reason);
        await iterator.return?.();
      },
    },
    // Pull only when the consumer asks: no chunk is buffered in the stream itself.
    { highWaterMark: 0 },
  );
}
