/**
 * Token buckets kept in this process: `take(key)` answers whether one more request fits, and
 * if not, how many seconds until it would. Limits are therefore per server instance (with N
 * instances behind a load balancer a client gets up to N× the rate): acceptable for abuse
 * protection, documented in the README.
 */
export interface RateLimit {
  /** Sustained requests per second. */
  perSecond: number;
  /** Requests allowed in a burst. */
  burst: number;
}

interface Bucket {
  tokens: number;
  updated: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Takes one token; returns 0 when allowed, else the seconds to wait (for Retry-After). */
  take(key: string): number {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.limit.burst, updated: now };
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + ((now - bucket.updated) / 1000) * this.limit.perSecond);
    bucket.updated = now;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 10_000) this.sweep(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.limit.perSecond));
  }

  /** Forget full buckets, so memory stays bounded by the clients active now. */
  private sweep(now: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((now - b.updated) / 1000) * this.limit.perSecond >= this.limit.burst) this.buckets.delete(key);
    }
  }
}
