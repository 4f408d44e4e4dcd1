/**
 * In-memory token buckets, one per key (a client address or a conversation id). Each bucket holds
 * up to `capacity` tokens and refills evenly over `periodMs`, so a client may burst to the
 * capacity and then continues at the average rate. Memory is bounded: full buckets carry no
 * information and are swept, and past `maxKeys` the oldest keys are dropped.
 */
export interface RateDecision {
  ok: boolean;
  /** Whole seconds until one token is back (only when refused). */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly refillPerMs: number;
  private takesSinceSweep = 0;

  constructor(
    readonly capacity: number,
    periodMs: number,
    private readonly maxKeys = 50_000,
    private readonly now: () => number = Date.now,
  ) {
    this.refillPerMs = capacity / periodMs;
  }

  take(key: string, cost = 1): RateDecision {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.at) * this.refillPerMs);
    bucket.at = now;
    // Re-insert so Map order is least-recently-used first, which is what eviction drops.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (++this.takesSinceSweep >= 1000 || this.buckets.size > this.maxKeys) this.sweep(now);
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      return { ok: true, retryAfterSeconds: 0 };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((cost - bucket.tokens) / this.refillPerMs / 1000)) };
  }

  get size(): number {
    return this.buckets.size;
  }

  private sweep(now: number): void {
    this.takesSinceSweep = 0;
    for (const [key, b] of this.buckets) {
      if (b.tokens + (now - b.at) * this.refillPerMs >= this.capacity) this.buckets.delete(key);
    }
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= this.maxKeys) break;
      this.buckets.delete(key);
    }
  }
}
