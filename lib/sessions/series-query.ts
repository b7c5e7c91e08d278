import { z } from "zod";
import { PID_KEY_PATTERN } from "@/lib/pids/pid-key";

/** Query parameters shared by the chart and track endpoints (and the page's URL: from, to, pids). */
export const MAX_EPOCH_MS = Date.UTC(9999, 11, 31);

export const epochMs = z.coerce.number().int("must be whole epoch milliseconds").min(0).max(MAX_EPOCH_MS);

/** "c,d,ff1001" → ["c", "d", "ff1001"], lower-cased, each a PID key. */
export const pidList = (max: number) =>
  z
    .string()
    .max(1000)
    .transform((s) => s.split(",").map((k) => k.trim().toLowerCase()).filter((k) => k !== ""))
    .pipe(z.array(z.string().regex(PID_KEY_PATTERN, "not a PID key (hex, e.g. c or ff1001)")).max(max, `at most ${max} PIDs`));
