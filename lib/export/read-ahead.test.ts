import { describe, expect, it } from "vitest";
import { readAhead } from "./read-ahead";

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

/** A source that records how far it was read and whether it was closed. */
function source(count: number, failAt = -1) {
  const state = { produced: 0, closed: false };
  async function* items() {
    try {
      for (let i = 0; i < count; i++) {
        await tick();
        if (i === failAt) throw new Error(`item ${i} failed`);
        state.produced++;
        yield i;
      }
    } finally {
      state.closed = true;
    }
  }
  return { state, items: items() };
}

describe("readAhead", () => {
  it("hands on every item in order", async () => {
    const { items } = source(50);
    const out: number[] = [];
    for await (const item of readAhead(items, () => 1, 5)) out.push(item);
    expect(out).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it("reads ahead while the consumer is busy, but no further than the limit", async () => {
    const { state, items } = source(100);
    const ahead = readAhead(items, () => 10, 30);
    expect((await ahead.next()).value).toBe(0);
    for (let i = 0; i < 20; i++) await tick();
    // The first item handed on, three (30 / 10) waiting, and one more being produced at most.
    expect(state.produced).toBeGreaterThanOrEqual(4);
    expect(state.produced).toBeLessThanOrEqual(5);
    await ahead.return(undefined);
  });

  it("stops and closes the source when the consumer stops early", async () => {
    const { state, items } = source(1000);
    for await (const item of readAhead(items, () => 1, 3)) if (item === 10) break;
    expect(state.closed).toBe(true);
    const produced = state.produced;
    for (let i = 0; i < 10; i++) await tick();
    expect(state.produced).toBe(produced);
    expect(produced).toBeLessThan(20);
  });

  it("passes a failure on after the items before it", async () => {
    const { items } = source(10, 4);
    const out: number[] = [];
    await expect(
      (async () => {
        for await (const item of readAhead(items, () => 1, 100)) out.push(item);
      })(),
    ).rejects.toThrow("item 4 failed");
    expect(out).toEqual([0, 1, 2, 3]);
  });
});
