-- Packing never makes a chunk that overlaps another chunk.
--
-- compact_session_samples (20261204175000) cut a session's hot rows into chunks in time order
-- as if they were one stretch. With packing on by default, hot rows can sit in several gaps
-- between chunks at once: a trim or split leaves the rows of a partly deleted chunk hot at each
-- end, a late upload unpacks one chunk in the middle of a session that keeps uploading. One
-- chunk made of rows from two gaps would span the chunks in between, and the invariant every
-- reader relies on (a session's chunks never overlap each other nor any hot row) would break.
-- Now the hot rows are packed run by run: a run is the hot rows between two consecutive chunks.
-- Within a run, as before: even chunks of at most 600 samples, or with p_full_only (a session
-- still uploading) only whole 600-sample chunks (the rest stays hot until the session is quiet).

CREATE OR REPLACE FUNCTION compact_session_samples(p_session_id INTEGER, p_before TIMESTAMPTZ DEFAULT 'infinity', p_full_only BOOLEAN DEFAULT false)
RETURNS INTEGER
LANGUAGE plpgsql SET extra_float_digits = 1 AS $$
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
    SELECT time, run, (r - 1) / (CASE WHEN p_full_only THEN 600 ELSE ceil(cnt / ceil(cnt / 600.0))::INTEGER END) AS part
    FROM sized
    WHERE NOT p_full_only OR r <= (cnt / 600) * 600
  ),
  moved AS (
    DELETE FROM samples s USING chosen ch
    WHERE s.session_id = p_session_id AND s.time = ch.time
    RETURNING s.time, s.values, ch.run, ch.part
  ),
  numbered AS (
    SELECT time, values, run, part,
           row_number() OVER (PARTITION BY run, part ORDER BY time) AS r,
           (EXTRACT(EPOCH FROM time - lag(time) OVER (PARTITION BY run, part ORDER BY time)) * 1000)::INTEGER AS delta
    FROM moved
  ),
  meta AS (
    SELECT run, part, min(time) AS first_time, max(time) AS last_time, count(*)::INTEGER AS n,
           COALESCE(max(cardinality(values)), 0) AS ncols,
           -- A chunk's first delta is 0: its time is first_time.
           array_agg(CASE WHEN r = 1 THEN 0 ELSE delta END ORDER BY time) AS deltas
    FROM numbered GROUP BY run, part
  ),
  cells AS (
    SELECT n.run, n.part, n.r, k, n.values[k] AS v
    FROM numbered n JOIN meta m USING (run, part) CROSS JOIN LATERAL generate_series(1, m.ncols) AS k
  ),
  kinds AS (
    SELECT run, part, k, bool_and(fits_float4(v)) AS f4 FROM cells GROUP BY run, part, k
  ),
  packed AS (
    SELECT c.run, c.part,
           COALESCE(array_agg(DISTINCT c.k::SMALLINT) FILTER (WHERE NOT kd.f4), '{}') AS f8_cols,
           COALESCE(array_agg(CASE WHEN kd.f4 THEN c.v::REAL END ORDER BY c.k, c.r) FILTER (WHERE kd.f4), '{}') AS f4,
           COALESCE(array_agg(c.v ORDER BY c.k, c.r) FILTER (WHERE NOT kd.f4), '{}') AS f8
    FROM cells c JOIN kinds kd USING (run, part, k) GROUP BY c.run, c.part
  ),
  inserted AS (
    INSERT INTO sample_chunks (session_id, first_time, last_time, n, time_deltas, f8_cols, f4, f8)
    SELECT p_session_id, m.first_time, m.last_time, m.n, m.deltas, COALESCE(p.f8_cols, '{}'), COALESCE(p.f4, '{}'), COALESCE(p.f8, '{}')
    FROM meta m LEFT JOIN packed p USING (run, part)
    RETURNING n
  )
  SELECT COALESCE(sum(n), 0)::INTEGER INTO moved FROM inserted;
  RETURN moved;
END
$$;
