import { describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { GroupCommitter, type GroupStatements } from "@/lib/ingest/group-commit";

/**
 * Group commit against the real database: uploads that queue up share a transaction (same
 * transaction id), each caller gets its own row back, and a failing member fails alone.
 * `txid_current()` tells which transaction a statement ran in.
 */
type Row = { tx: string; v: number };
const STATEMENT: GroupStatements = {
  single: { name: "group_commit_test", text: "SELECT txid_current()::text AS tx, (100 / $1::int) AS v" },
  group: {
    name: "group_commit_test_group",
    text: "SELECT txid_current()::text AS tx, (100 / d) AS v FROM unnest($1::int[]) WITH ORDINALITY AS c(d, i) ORDER BY i",
  },
};
/** Each call takes a transaction-level advisory lock (a "trip" locked by an edit), then answers its id. */
const lockStatements = (base: number, name: string): GroupStatements => ({
  single: { name, text: `SELECT txid_current()::text AS tx, $1::int AS v FROM (SELECT pg_advisory_xact_lock(${base} + $1::int)) l` },
  group: {
    name: `${name}_group`,
    text: `SELECT txid_current()::text AS tx, c.d AS v FROM unnest($1::int[]) WITH ORDINALITY AS c(d, i)
      CROSS JOIN LATERAL (SELECT pg_advisory_xact_lock(${base} + c.d)) l ORDER BY c.i`,
  },
});

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

  it("does not hold up a whole group behind one trip locked by something slow", async () => {
    // A transaction-level advisory lock per "trip" (no table: other test files share this database).
    const lockRow = lockStatements(727000, "group_commit_lock");
    const committer = new GroupCommitter<Row>(lockRow, { maxGroup: 32, maxInFlight: 1 });
    const editor = await pool().connect();
    await editor.query("BEGIN");
    await editor.query("SELECT pg_advisory_xact_lock(727001)"); // a long edit of trip 1
    let released = false;
    const answeredWhileLocked: number[] = [];
    const calls = [20, 1, ...Array.from({ length: 18 }, (_, i) => i + 2)].map((id) =>
      committer.run([id], String(id).padStart(2, "0")).then((row) => {
        if (!released) answeredWhileLocked.push(row.v);
        return row.v;
      }),
    );
    // Every other trip is answered while trip 1 stays locked…
    for (let waited = 0; answeredWhileLocked.length < 19 && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    expect(answeredWhileLocked.sort((a, b) => a - b)).toEqual(Array.from({ length: 19 }, (_, i) => i + 2));
    // …and trip 1 as soon as the edit ends.
    released = true;
    await editor.query("COMMIT");
    editor.release();
    expect((await Promise.all(calls)).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it("keeps grouping later uploads while a failed group's locked trip waits alone", async () => {
    const lockRow = lockStatements(728000, "group_commit_lock_later");
    // One group in flight (the default): the slot must not stay taken by trip 1's single retry.
    const committer = new GroupCommitter<Row>(lockRow, { maxGroup: 32, maxInFlight: 1 });
    const editor = await pool().connect();
    await editor.query("BEGIN");
    await editor.query("SELECT pg_advisory_xact_lock(728001)");
    const first = [9, 1, 2, 3].map((id) => committer.run([id], String(id).padStart(2, "0")));
    // 2 and 3 are answered once their group gave up on trip 1's lock and they ran alone.
    await Promise.all([first[0], first[2], first[3]]);
    const later = await Promise.all([10, 11, 12, 13].map((id) => committer.run([id], String(id))));
    expect(later.map((r) => r.v)).toEqual([10, 11, 12, 13]);
    // 11–13 queued behind 10 and shared one transaction, all while trip 1 is still locked.
    expect(new Set(later.slice(1).map((r) => r.tx)).size).toBe(1);
    await editor.query("COMMIT");
    editor.release();
    expect((await first[1]).v).toBe(1);
  });
});
