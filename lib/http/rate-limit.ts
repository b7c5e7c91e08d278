/**
 * Token-bucket rate limiting, in memory. Each key (an upload token's id) has a bucket of
 * `burst` tokens refilled at `ratePerS`; a request takes one or is refused with the seconds
 * until one is back. The state lives in this process only: with N instances behind a load
 * balancer a token may send up to N times the rate (documented as "limits are per instance").
 */
export interface RateLimitOptions {
  /** Sustained requests per second; 0 = unlimited. */
  ratePerS: number;
  /** Requests allowed at once from a full bucket. */
  burst: number;
  /** Buckets kept at most; beyond it, full (idle) buckets and then the oldest are dropped. */
  maxKeys?: number;
  now?: () => number;
}

export type RateVerdict = { ok: true } | { ok: false; retryAfterS: number };

interface Bucket {
  tokens: number;
  at: number;
}

export class TokenBucketLimiter {
  private readonly buckets = new Map<string | number, Bucket>();
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(private readonly options: RateLimitOptions) {
    this.maxKeys = options.maxKeys ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  take(key: string | number): RateVerdict {
    const { ratePerS, burst } = this.options;
    if (ratePerS <= 0) return { ok: true };
    const now = this.now();
    const bucket = this.buckets.get(key);
    const tokens = bucket ? Math.min(burst, bucket.tokens + ((now - bucket.at) * ratePerS) / 1000) : burst;
    if (tokens >= 1) {
      this.set(key, { tokens: tokens - 1, at: now });
      return { ok: true };
    }
    this.set(key, { tokens, at: now });
    // Whole seconds (Retry-After has no fractions), at least 1: "0" would invite a busy loop.
    return { ok: false, retryAfterS: Math.max(1, Math.ceil((1 - tokens) / ratePerS)) };
  }

  get size(): number {
    return this.buckets.size;
  }

  private set(key: string | number, bucket: Bucket): void {
    // Re-insert so Map order is "least recently used first".
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) this.evict(bucket.at);
  }

  private evict(now: number): void {
    const { ratePerS, burst } = this.options;
    for (const [key, b] of this.buckets) {
      // A bucket that has refilled completely is the same as no bucket.
      if (b.tokens + ((now - b.at) * ratePerS) / 1000 >= burst) this.buckets.delete(key);
    }
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= this.maxKeys) break;
      this.buckets.delete(key);
    }
  }
}
