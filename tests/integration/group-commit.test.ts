import { describe, expect, it } from "vitest";
import { GroupCommitter } from "@/lib/ingest/group-commit";

/**
 * Group commit against the real database: uploads that queue up share a transaction (same
 * transaction id), each caller gets its own row back, and a failing member fails alone.
 * `txid_current()` tells which transaction a statement ran in.
 */
type Row = { tx: string; v: number };
const STATEMENT = { name: "group_commit_test", text: "SELECT txid_current()::text AS tx, (100 / $1::int) AS v" };

describe("group commit", () => {
  it("stores queued-up calls in shared transactions and answers each with its own row", async () => {
    const committer = new GroupCommitter<Row>(STATEMENT, { maxGroup: 8, maxInFlight: 1 });
    const divisors = Array.from({ length: 25 }, (_, i) => i + 1);
    // Lock order is the reverse of arrival order: each answer must still reach its own caller.
    const rows = await Promise.all(divisors.map((d) => committer.run([d], String(100 - d).padStart(3, "0"))));
    expect(rows.map((r) => r.v)).toEqual(divisors.map((d) => Math.trunc(100 / d)));
    const transactions = new Set(rows.map((r) => r.tx));
    // The first call goes alone; the rest queue behind it in groups of at most 8.
    expect(transactions.size).toBe(1 + Math.ceil(24 / 8));
  });

  it("lets one bad call fail alone: its group-mates are stored and acknowledged", async () => {
    const committer = new GroupCommitter<Row>(STATEMENT, { maxGroup: 16, maxInFlight: 1 });
    const divisors = [5, 1, 2, 0, 4, 10];
    const results = await Promise.allSettled(divisors.map((d, i) => committer.run([d], String(i))));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled"]);
    const failed = results[3] as PromiseRejectedResult;
    expect(String(failed.reason)).toMatch(/division by zero/);
    expect(results.filter((r) => r.status === "fulfilled").map((r) => (r as PromiseFulfilledResult<Row>).value.v)).toEqual([20, 100, 50, 25, 10]);
  });

  it("sends a lone call at once, in a transaction of its own", async () => {
    const committer = new GroupCommitter<Row>(STATEMENT, { maxGroup: 64, maxInFlight: 2 });
    const first = await committer.run([1], "a");
    const second = await committer.run([2], "b");
    expect(first.tx).not.toBe(second.tx);
    expect(second.v).toBe(50);
  });
});
