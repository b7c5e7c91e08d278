-- Packed chunks keep each sample's time as milliseconds from the chunk's first_time
-- (`time_offsets`), no longer from the previous sample (`time_deltas`).
--
-- Why: with deltas, every reader had to rebuild a chunk's times with a running sum (a window
-- function over all 600 rows) before it could tell which rows fall in a time range. With
-- offsets, a row's time is first_time + its offset, and the rows of a time range are found by a
-- binary search over the sorted offsets (width_bucket), so a chart reads only the slices of
-- the columns it draws. Measured on a 4 h 10 Hz packed trip (bench/README.md section 8).
-- Cost: offsets compress less than repeating deltas (~4 bytes a sample more).
--
-- Offsets are INTEGER like the deltas were, so a chunk may span at most 2^31 - 1 ms (24.8
-- days). Packing now also cuts chunks at every multiple of 2^31 ms of absolute time, so no
-- chunk can span more; an existing chunk that does (the old deltas allowed it) is unpacked
-- into hot rows first and packed again by the next packing pass.

SELECT unpack_sample_chunks(session_id, first_time, last_time)
FROM sample_chunks WHERE last_time - first_time > INTERVAL '2147483647 milliseconds';

ALTER TABLE sample_chunks RENAME COLUMN time_deltas TO time_offsets;

UPDATE sample_chunks c SET time_offsets = ARRAY(
  SELECT (sum(u.d) OVER (ORDER BY u.r))::INTEGER FROM unnest(c.time_offsets) WITH ORDINALITY AS u(d, r) ORDER BY u.r
);

COMMENT ON COLUMN sample_chunks.time_offsets IS 'Milliseconds from first_time, one per sample, ascending (the first is 0).';

-- The samples of a session's chunks (all, or those whose range meets [p_from, p_to]) as rows.
CREATE OR REPLACE FUNCTION chunk_samples(p_session_id INTEGER, p_from TIMESTAMPTZ, p_to TIMESTAMPTZ)
RETURNS TABLE ("time" TIMESTAMPTZ, "values" DOUBLE PRECISION[])
LANGUAGE sql STABLE SET extra_float_digits = 1 AS $$
  WITH chunks AS (
    SELECT c.*, (cardinality(c.f4) + cardinality(c.f8)) / c.n AS ncols,
           ARRAY(SELECT k FROM generate_series(1, (cardinality(c.f4) + cardinality(c.f8)) / c.n) k WHERE k <> ALL (c.f8_cols) ORDER BY k) AS f4_cols
    FROM sample_chunks c
    WHERE c.session_id = p_session_id AND c.last_time >= p_from AND c.first_time <= p_to
  ),
  cells AS (
    SELECT c.first_time, (x.o - 1) % c.n + 1 AS r, c.f4_cols[(x.o - 1) / c.n + 1] AS k, x.v::text::float8 AS v
    FROM chunks c, unnest(c.f4) WITH ORDINALITY AS x(v, o)
    UNION ALL
    SELECT c.first_time, (x.o - 1) % c.n + 1, c.f8_cols[(x.o - 1) / c.n + 1], x.v
    FROM chunks c, unnest(c.f8) WITH ORDINALITY AS x(v, o)
  ),
  times AS (
    SELECT c.first_time, d.r, c.first_time + d.ms * INTERVAL '1 millisecond' AS t
    FROM chunks c, unnest(c.time_offsets) WITH ORDINALITY AS d(ms, r)
  )
  SELECT tm.t, COALESCE(array_agg(cl.v ORDER BY cl.k) FILTER (WHERE cl.k IS NOT NULL), '{}')
  FROM times tm LEFT JOIN cells cl ON cl.first_time = tm.first_time AND cl.r = tm.r
  GROUP BY tm.t
$$;

-- As in 20261204191000 (run by run, even chunks, whole chunks only for a live session) and
-- 20261204200000 (no nested loops), writing offsets; a chunk also ends at every multiple of
-- 2^31 ms of absolute time (`era`), so its offsets always fit in an INTEGER.
CREATE OR REPLACE FUNCTION compact_session_samples(p_session_id INTEGER, p_before TIMESTAMPTZ DEFAULT 'infinity', p_full_only BOOLEAN DEFAULT false)
RETURNS INTEGER
LANGUAGE plpgsql SET extra_float_digits = 1 SET enable_nestloop = off AS $$
DECLARE
  moved INTEGER;
BEGIN
  PERFORM 1 FROM sessions WHERE id = p_session_id FOR UPDATE;
  IF NOT EXISTS (SELECT 1 FROM samples WHERE session_id = p_session_id AND time < p_before) THEN
    RETURN 0;
  END IF;
  -- A live session's minutely call: nothing to do until 600 old rows have gathered.
  IF p_full_only AND (SELECT count(*) FROM (SELECT 1 FROM samples WHERE session_id = p_session_id AND time < p_before LIMIT 600) x) < 600 THEN
    RETURN 0;
  END IF;

  WITH marks AS (
    SELECT time, true AS hot FROM samples WHERE session_id = p_session_id AND time < p_before
    UNION ALL
    SELECT first_time, false FROM sample_chunks WHERE session_id = p_session_id
  ),
  runs AS (
    -- Run number = chunks that start before the row (no hot row shares a chunk's time range).
    SELECT time, hot, count(*) FILTER (WHERE NOT hot) OVER (ORDER BY time) AS run FROM marks
  ),
  sized AS (
    SELECT time, run, row_number() OVER (PARTITION BY run ORDER BY time) AS r, count(*) OVER (PARTITION BY run) AS cnt
    FROM runs WHERE hot
  ),
  chosen AS (
    -- Even chunks: 1,300 samples make 3 × 434, not 600 + 600 + 100.
    SELECT time, run, (r - 1) / (CASE WHEN p_full_only THEN 600 ELSE ceil(cnt / ceil(cnt / 600.0))::INTEGER END) AS part,
           floor(EXTRACT(EPOCH FROM time) * 1000 / 2147483648)::BIGINT AS era
    FROM sized
    WHERE NOT p_full_only OR r <= (cnt / 600) * 600
  ),
  moved AS (
    DELETE FROM samples s USING chosen ch
    WHERE s.session_id = p_session_id AND s.time = ch.time
    RETURNING s.time, s.values, ch.run, ch.part, ch.era
  ),
  numbered AS (
    SELECT time, values, run, part, era,
           row_number() OVER (PARTITION BY run, part, era ORDER BY time) AS r,
           (EXTRACT(EPOCH FROM time - min(time) OVER (PARTITION BY run, part, era)) * 1000)::INTEGER AS offset_ms
    FROM moved
  ),
  meta AS (
    SELECT run, part, era, min(time) AS first_time, max(time) AS last_time, count(*)::INTEGER AS n,
           COALESCE(max(cardinality(values)), 0) AS ncols,
           array_agg(offset_ms ORDER BY time) AS offsets
    FROM numbered GROUP BY run, part, era
  ),
  cells AS (
    SELECT n.run, n.part, n.era, n.r, k, n.values[k] AS v
    FROM numbered n JOIN meta m USING (run, part, era) CROSS JOIN LATERAL generate_series(1, m.ncols) AS k
  ),
  kinds AS (
    SELECT run, part, era, k, bool_and(fits_float4(v)) AS f4 FROM cells GROUP BY run, part, era, k
  ),
  packed AS (
    SELECT c.run, c.part, c.era,
           COALESCE(array_agg(DISTINCT c.k::SMALLINT) FILTER (WHERE NOT kd.f4), '{}') AS f8_cols,
           COALESCE(array_agg(CASE WHEN kd.f4 THEN c.v::REAL END ORDER BY c.k, c.r) FILTER (WHERE kd.f4), '{}') AS f4,
           COALESCE(array_agg(c.v ORDER BY c.k, c.r) FILTER (WHERE NOT kd.f4), '{}') AS f8
    FROM cells c JOIN kinds kd USING (run, part, era, k) GROUP BY c.run, c.part, c.era
  ),
  inserted AS (
    INSERT INTO sample_chunks (session_id, first_time, last_time, n, time_offsets, f8_cols, f4, f8)
    SELECT p_session_id, m.first_time, m.last_time, m.n, m.offsets, COALESCE(p.f8_cols, '{}'), COALESCE(p.f4, '{}'), COALESCE(p.f8, '{}')
    FROM meta m LEFT JOIN packed p USING (run, part, era)
    RETURNING n
  )
  SELECT COALESCE(sum(n), 0)::INTEGER INTO moved FROM inserted;
  RETURN moved;
END
$$;
