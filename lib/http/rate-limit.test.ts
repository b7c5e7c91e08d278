import { describe, expect, it } from "vitest";
import { TokenBucketLimiter } from "./rate-limit";

function limiter(ratePerS: number, burst: number, maxKeys?: number) {
  let now = 1_000_000;
  const l = new TokenBucketLimiter({ ratePerS, burst, maxKeys, now: () => now });
  return { l, advance: (ms: number) => (now += ms) };
}

const takeN = (l: TokenBucketLimiter, key: string | number, n: number) => Array.from({ length: n }, () => l.take(key).ok);

describe("TokenBucketLimiter", () => {
  it("allows a burst, then refuses with the seconds until a token is back", () => {
    const { l } = limiter(2, 5);
    expect(takeN(l, "a", 5)).toEqual([true, true, true, true, true]);
    expect(l.take("a")).toEqual({ ok: false, retryAfterS: 1 });
  });

  it("refills at the sustained rate", () => {
    const { l, advance } = limiter(10, 3);
    takeN(l, "a", 3);
    expect(l.take("a").ok).toBe(false);
    advance(100); // one token at 10/s
    expect(takeN(l, "a", 2)).toEqual([true, false]);
    advance(10_000); // long idle: back to the burst, not beyond
    expect(takeN(l, "a", 4)).toEqual([true, true, true, false]);
  });

  it("gives a Retry-After of several seconds when the rate is below one per second", () => {
    const { l } = limiter(0.25, 1);
    expect(l.take("a").ok).toBe(true);
    expect(l.take("a")).toEqual({ ok: false, retryAfterS: 4 });
  });

  it("keeps keys apart", () => {
    const { l } = limiter(1, 1);
    expect(l.take(1).ok).toBe(true);
    expect(l.take(2).ok).toBe(true);
    expect(l.take(1).ok).toBe(false);
  });

  it("is off at rate 0", () => {
    const { l } = limiter(0, 1);
    expect(takeN(l, "a", 1000).every(Boolean)).toBe(true);
    expect(l.size).toBe(0);
  });

  it("bounds its memory: idle buckets go first, then the least recently used", () => {
    const { l, advance } = limiter(1, 2, 3);
    l.take("busy");
    l.take("busy");
    for (let i = 0; i < 50; i++) l.take(`idle-${i}`);
    expect(l.size).toBeLessThanOrEqual(3);
    advance(10);
    // "busy" was evicted as least recently used, so it starts with a full bucket again:
    // losing a bucket can only ever be lenient, never refuse an upload wrongly.
    expect(l.take("busy").ok).toBe(true);
  });
});
