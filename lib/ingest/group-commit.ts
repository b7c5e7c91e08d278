import "server-only";
import type pg from "pg";
import { groupArrayLiteral, type LiteralElement } from "@/lib/db/array-literal";
import { pool } from "@/lib/db/client";

/**
 * Group commit for uploads: uploads that arrive while earlier ones are being stored share one
 * transaction, so a busy server pays one commit (and one WAL flush) per group instead of per
 * sample. A phone still gets `OK!` only after the COMMIT that holds its sample.
 *
 * - No waiting: a group is whatever queued up while `maxInFlight` groups were in the database.
 *   A lone phone's upload goes out at once as a plain one-statement transaction, as before.
 * - One group in flight by default (UPLOAD_GROUP_IN_FLIGHT): every upload waits for at most the
 *   group before it. With two, the phones split into a small fast convoy and a large slow one
 *   that kept their places (10 ms vs 60 ms medians in one run, bench/README.md section 7).
 * - Uploads are stored in one total order (`order`: token, device, session) in every group, so
 *   two groups in flight lock rows in the same order and cannot deadlock each other.
 * - When a group fails (one bad upload, a deadlock with an edit, a lost connection) nothing of
 *   it is known to be committed: each of its uploads runs again alone, so only the bad one
 *   fails. This is safe because storing an upload is idempotent (an upload that was in fact
 *   committed comes back as a duplicate and is acknowledged again). These single runs go
 *   straight to the pool and do not count as a group in flight.
 * - A group waits at most GROUP_LOCK_TIMEOUT for a row lock: a trip locked by something slow (an
 *   edit, a summary) must not hold up every phone in its group. The group then runs alone-wise,
 *   and only that trip's upload waits for the lock, as it would without grouping.
 */
const GROUP_LOCK_TIMEOUT = "250ms";

export interface GroupCommitOptions {
  /** Uploads per transaction at most. */
  maxGroup: number;
  /** Transactions in the database at once (pool connections used by uploads). */
  maxInFlight: number;
}

/** One parameter of a call: a scalar or a one-dimensional array of scalars. */
export type CallValue = LiteralElement | readonly LiteralElement[];

interface Job<R> {
  values: CallValue[];
  order: string;
  resolve(row: R): void;
  reject(error: unknown): void;
}

/**
 * The two forms of one operation. `single` takes one call's values and its first row is the
 * answer. `group` takes the same parameters, each as an array with one entry per call (in the
 * group's order; a value that is itself an array comes as its array literal, to be cast back in
 * SQL), and returns one row per call, in that order.
 */
export interface GroupStatements {
  single: { name: string; text: string };
  group: { name: string; text: string };
}

/**
 * The group statement's parameters: parameter k of every call, as one array (see
 * GroupStatements), sent as its literal so that node-postgres passes it on as is.
 */
function groupParameters(calls: CallValue[][]): string[] {
  return calls[0].map((_, k) => groupArrayLiteral(calls.map((call) => call[k])));
}

export class GroupCommitter<R extends pg.QueryResultRow> {
  private readonly queue: Job<R>[] = [];
  private inFlight = 0;

  constructor(
    private readonly statements: GroupStatements,
    private readonly options: GroupCommitOptions,
  ) {}

  /** Runs the call with `values` (the single statement's parameters) once its group has committed. */
  run(values: CallValue[], order: string): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ values, order, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      const group = this.queue.splice(0, this.options.maxGroup);
      this.inFlight++;
      void this.storeGroup(group).then((failed) => {
        this.inFlight--;
        this.dispatch();
        // Outside the slot: a group held up by one locked trip must not hold up the next group.
        for (const job of failed) void this.storeAlone(job);
      });
    }
  }

  /** Stores a group in one transaction; resolves with the jobs to run again alone (all of them when it failed). */
  private async storeGroup(group: Job<R>[]): Promise<Job<R>[]> {
    if (group.length === 1) {
      // Holds the slot like any group: uploads arriving meanwhile queue up and go together next.
      await this.storeAlone(group[0]);
      return [];
    }
    group.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
    let client: pg.PoolClient | undefined;
    let rows: R[];
    try {
      client = await pool().connect();
      // Three round trips whatever the group's size: one per upload (with the loopback socket
      // write and the wake-ups on both sides) cost the server ~30% of its CPU (bench/README.md).
      await client.query(`BEGIN; SET LOCAL lock_timeout = '${GROUP_LOCK_TIMEOUT}'`);
      ({ rows } = await client.query<R>({ ...this.statements.group, values: groupParameters(group.map((job) => job.values)) }));
      if (rows.length !== group.length) throw new Error(`group statement returned ${rows.length} rows for ${group.length} calls`);
      await client.query("COMMIT");
    } catch (error) {
      if (client) {
        await client.query("ROLLBACK").catch(() => undefined);
        // The connection may be the reason: never hand it to the next caller.
        client.release(error instanceof Error ? error : new Error(String(error)));
      }
      return group;
    }
    client.release();
    group.forEach((job, i) => job.resolve(rows[i]));
    return [];
  }

  private async storeAlone(job: Job<R>): Promise<void> {
    try {
      job.resolve((await pool().query<R>({ ...this.statements.single, values: job.values })).rows[0]);
    } catch (error) {
      job.reject(error);
    }
  }
}
