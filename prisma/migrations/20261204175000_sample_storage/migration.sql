-- Sample storage: hot rows + compacted chunks.
--
-- Uploads land one row per sample in `samples` (cheap to insert, merge and deduplicate). Once a
-- session has gone quiet (or, while it runs, for its older full chunks) its rows are compacted
-- into `sample_chunks`: up to 600 samples per row, stored column by column so that a PID's
-- consecutive values sit side by side, which TOAST compression (pglz, or lz4 where the server
-- has it) squeezes well. A column whose values are all exactly representable as float4 (Torque
-- sends most values as Java floats) is stored as real, the others (GPS coordinates) as float8:
-- lossless either way. bench/README.md has the measurements behind these choices.
--
-- Invariant: a session's chunks never overlap each other nor any of its hot rows' times.
-- Readers: lib/samples/read.ts (decodes chunks in Node) and session_samples() (in SQL).

CREATE TABLE "sample_chunks" (
    "session_id" INTEGER NOT NULL,
    "first_time" TIMESTAMPTZ(3) NOT NULL,
    "last_time" TIMESTAMPTZ(3) NOT NULL,
    "n" INTEGER NOT NULL,
    -- Milliseconds from the previous sample (the first: 0 = first_time); small repeating numbers compress.
    "time_deltas" INTEGER[] NOT NULL,
    -- 1-based column numbers (positions in sessions.pid_keys) stored in f8; the others are in f4.
    "f8_cols" SMALLINT[] NOT NULL,
    -- Column-major: column after column, n values each (NULL = PID absent in that sample).
    "f4" REAL[] NOT NULL,
    "f8" DOUBLE PRECISION[] NOT NULL,

    CONSTRAINT "sample_chunks_pkey" PRIMARY KEY ("session_id", "first_time")
);

ALTER TABLE "sample_chunks" ADD CONSTRAINT "sample_chunks_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Where the server has lz4, the value arrays use it (faster than pglz, similar size).
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
    EXECUTE 'ALTER TABLE sample_chunks ALTER COLUMN f4 SET COMPRESSION lz4, ALTER COLUMN f8 SET COMPRESSION lz4, ALTER COLUMN time_deltas SET COMPRESSION lz4';
  END IF;
END
$$;

-- Exactly representable as float4: the shortest float4 text reads back as the same float8.
-- (Callers run with extra_float_digits >= 1, the default: float4 text is then shortest-exact;
-- with less, the test fails more often, which only stores more columns as float8.)
CREATE OR REPLACE FUNCTION fits_float4(v DOUBLE PRECISION) RETURNS BOOLEAN
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT v IS NULL OR v = 0 OR (abs(v) BETWEEN 1.2e-38 AND 3.4e38 AND v = v::real::text::float8)
$$;

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
    SELECT c.first_time, d.r, c.first_time + sum(d.ms) OVER (PARTITION BY c.first_time ORDER BY d.r) * INTERVAL '1 millisecond' AS t
    FROM chunks c, unnest(c.time_deltas) WITH ORDINALITY AS d(ms, r)
  )
  SELECT tm.t, COALESCE(array_agg(cl.v ORDER BY cl.k) FILTER (WHERE cl.k IS NOT NULL), '{}')
  FROM times tm LEFT JOIN cells cl ON cl.first_time = tm.first_time AND cl.r = tm.r
  GROUP BY tm.t
$$;

-- Every sample of a session in time order (hot rows and chunks), for SQL readers such as the
-- session summary. Node code reads through lib/samples/read.ts instead (faster for big reads).
CREATE OR REPLACE FUNCTION session_samples(p_session_id INTEGER, p_from TIMESTAMPTZ DEFAULT '-infinity', p_to TIMESTAMPTZ DEFAULT 'infinity')
RETURNS TABLE ("time" TIMESTAMPTZ, "values" DOUBLE PRECISION[])
LANGUAGE sql STABLE AS $$
  SELECT x.time, x.values FROM (
    SELECT s.time, s.values FROM samples s WHERE s.session_id = p_session_id AND s.time BETWEEN p_from AND p_to
    UNION ALL
    SELECT c.time, c.values FROM chunk_samples(p_session_id, p_from, p_to) c WHERE c.time BETWEEN p_from AND p_to
  ) x ORDER BY x.time
$$;

-- Moves the chunks that meet [p_from, p_to] back into hot rows (before a write lands inside
-- them). Caller holds the session row lock (uploads and appendSamples do).
CREATE OR REPLACE FUNCTION unpack_sample_chunks(p_session_id INTEGER, p_from TIMESTAMPTZ, p_to TIMESTAMPTZ) RETURNS INTEGER
LANGUAGE plpgsql AS $$
DECLARE moved INTEGER;
BEGIN
  INSERT INTO samples (session_id, time, values)
  SELECT p_session_id, c.time, c.values FROM chunk_samples(p_session_id, p_from, p_to) c;
  GET DIAGNOSTICS moved = ROW_COUNT;
  DELETE FROM sample_chunks WHERE session_id = p_session_id AND last_time >= p_from AND first_time <= p_to;
  RETURN moved;
END
$$;

-- Packs a session's hot rows older than p_before into chunks of at most 600 samples. With
-- p_full_only (a session still uploading) only whole 600-sample chunks are made, and the rest
-- stays hot. Takes the session row lock, like uploads, so the two never interleave.
CREATE OR REPLACE FUNCTION compact_session_samples(p_session_id INTEGER, p_before TIMESTAMPTZ DEFAULT 'infinity', p_full_only BOOLEAN DEFAULT false)
RETURNS INTEGER
LANGUAGE plpgsql SET extra_float_digits = 1 AS $$
DECLARE
  hot INTEGER;
  per INTEGER;
  cutoff TIMESTAMPTZ;
BEGIN
  PERFORM 1 FROM sessions WHERE id = p_session_id FOR UPDATE;
  SELECT count(*) INTO hot FROM samples WHERE session_id = p_session_id AND time < p_before;
  IF hot = 0 OR (p_full_only AND hot < 600) THEN
    RETURN 0;
  END IF;
  IF p_full_only THEN
    per := 600;
    SELECT s.time INTO cutoff FROM samples s WHERE s.session_id = p_session_id AND s.time < p_before
      ORDER BY s.time OFFSET (hot / 600) * 600 - 1 LIMIT 1;
    hot := (hot / 600) * 600;
  ELSE
    -- Even chunks: 1,300 samples make 3 × 434, not 600 + 600 + 100.
    per := ceil(hot::numeric / ceil(hot / 600.0))::INTEGER;
    cutoff := 'infinity';
  END IF;

  WITH moved AS (
    DELETE FROM samples WHERE session_id = p_session_id AND time < p_before AND time <= cutoff RETURNING time, values
  ),
  ordered AS (
    SELECT time, values, (row_number() OVER (ORDER BY time) - 1) / per AS chunk,
           (EXTRACT(EPOCH FROM time - lag(time) OVER (ORDER BY time)) * 1000)::INTEGER AS delta
    FROM moved
  ),
  numbered AS (
    SELECT time, values, chunk, delta, row_number() OVER (PARTITION BY chunk ORDER BY time) AS r FROM ordered
  ),
  meta AS (
    SELECT chunk, min(time) AS first_time, max(time) AS last_time, count(*)::INTEGER AS n,
           COALESCE(max(cardinality(values)), 0) AS ncols,
           -- A chunk's first delta is 0: its time is first_time.
           array_agg(CASE WHEN r = 1 THEN 0 ELSE delta END ORDER BY time) AS deltas
    FROM numbered GROUP BY chunk
  ),
  cells AS (
    SELECT n.chunk, n.r, k, n.values[k] AS v
    FROM numbered n JOIN meta m USING (chunk) CROSS JOIN LATERAL generate_series(1, m.ncols) AS k
  ),
  kinds AS (
    SELECT chunk, k, bool_and(fits_float4(v)) AS f4 FROM cells GROUP BY chunk, k
  ),
  packed AS (
    SELECT c.chunk,
           COALESCE(array_agg(DISTINCT c.k::SMALLINT) FILTER (WHERE NOT kd.f4), '{}') AS f8_cols,
           COALESCE(array_agg(CASE WHEN kd.f4 THEN c.v::REAL END ORDER BY c.k, c.r) FILTER (WHERE kd.f4), '{}') AS f4,
           COALESCE(array_agg(c.v ORDER BY c.k, c.r) FILTER (WHERE NOT kd.f4), '{}') AS f8
    FROM cells c JOIN kinds kd USING (chunk, k) GROUP BY c.chunk
  )
  INSERT INTO sample_chunks (session_id, first_time, last_time, n, time_deltas, f8_cols, f4, f8)
  SELECT p_session_id, m.first_time, m.last_time, m.n, m.deltas, COALESCE(p.f8_cols, '{}'), COALESCE(p.f4, '{}'), COALESCE(p.f8, '{}')
  FROM meta m LEFT JOIN packed p USING (chunk);
  RETURN hot;
END
$$;

-- Samples stored for one session, counted in the storage itself (not sessions.sample_count).
CREATE OR REPLACE FUNCTION stored_sample_count(p_session_id INTEGER) RETURNS BIGINT
LANGUAGE sql STABLE AS $$
  SELECT (SELECT count(*) FROM samples WHERE session_id = p_session_id)
       + (SELECT COALESCE(sum(n), 0) FROM sample_chunks WHERE session_id = p_session_id)
$$;

-- Time of a session's last stored sample (hot or packed), NULL when it has none.
CREATE OR REPLACE FUNCTION session_last_sample_time(p_session_id INTEGER) RETURNS TIMESTAMPTZ
LANGUAGE sql STABLE AS $$
  SELECT GREATEST((SELECT max(time) FROM samples WHERE session_id = p_session_id),
                  (SELECT max(last_time) FROM sample_chunks WHERE session_id = p_session_id))
$$;

-- Called after rows were bulk-inserted into `samples` for these sessions (imports, benchmark).
CREATE OR REPLACE FUNCTION finish_bulk_load(p_session_ids INTEGER[]) RETURNS VOID
LANGUAGE sql AS $$ SELECT compact_session_samples(id) FROM unnest(p_session_ids) AS id; SELECT NULL::void $$;

-- The tables whose size is "sample storage" (tables + indexes + TOAST).
CREATE OR REPLACE FUNCTION sample_storage_relations() RETURNS TEXT[]
LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY['samples', 'sample_chunks', 'sessions', 'pid_meta'] $$;

-- torque_ingest as in 20261204160000, plus: a sample landing inside a compacted chunk unpacks it.
CREATE OR REPLACE FUNCTION torque_ingest(
  p_user_id INTEGER,
  p_torque_id TEXT,
  p_email TEXT,
  p_session_ms BIGINT,
  p_time_ms BIGINT,
  p_keys TEXT[],                 -- data PIDs (normalised), no duplicates
  p_values DOUBLE PRECISION[],   -- finite values aligned with p_keys
  p_profile_name TEXT,
  p_profile_fuel_type INTEGER,
  p_profile_weight DOUBLE PRECISION,
  p_profile_ve DOUBLE PRECISION,
  p_profile_fuel_cost DOUBLE PRECISION,
  p_meta_keys TEXT[],            -- sorted, so concurrent upserts lock rows in one order
  p_meta_full TEXT[],
  p_meta_short TEXT[],
  p_meta_default TEXT[],
  p_meta_user TEXT[],
  p_notice TEXT,
  p_notice_class TEXT,
  p_key_count INTEGER,
  p_skipped INTEGER
) RETURNS TABLE (outcome TEXT, session_id INTEGER, device_id INTEGER)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  d_id INTEGER;
  d_allowed BOOLEAN;
  d_seen TIMESTAMPTZ;
  s_id INTEGER;
  s_keys TEXT[];
  new_keys TEXT[];
  vals DOUBLE PRECISION[];
  i INTEGER;
  was_inserted BOOLEAN;
  prof_id INTEGER;
  t TIMESTAMPTZ := TIMESTAMPTZ 'epoch' + p_time_ms * INTERVAL '1 millisecond';
  result TEXT := 'accepted';
  speed DOUBLE PRECISION;
  max_pos INTEGER;
BEGIN
  SELECT d.id, d.allowed, d.last_seen_at INTO d_id, d_allowed, d_seen
    FROM devices d WHERE d.user_id = p_user_id AND d.torque_id = p_torque_id;
  IF d_id IS NULL THEN
    INSERT INTO devices (user_id, torque_id, email, allowed, last_seen_at)
    SELECT p_user_id, p_torque_id, p_email, NOT u.restrict_devices, now() FROM users u WHERE u.id = p_user_id
    ON CONFLICT (user_id, torque_id) DO NOTHING;
    SELECT d.id, d.allowed, d.last_seen_at INTO d_id, d_allowed, d_seen
      FROM devices d WHERE d.user_id = p_user_id AND d.torque_id = p_torque_id;
  ELSIF d_seen IS NULL OR d_seen < now() - INTERVAL '30 seconds' THEN
    -- Written at most every 30 s: a row update per sample would only make dead tuples.
    UPDATE devices SET last_seen_at = now(), email = COALESCE(p_email, email) WHERE id = d_id;
  END IF;

  IF NOT d_allowed AND (SELECT u.restrict_devices FROM users u WHERE u.id = p_user_id) THEN
    INSERT INTO upload_log (user_id, device_id, outcome, status, reason, keys, skipped)
    VALUES (p_user_id, d_id, 'rejected', 403, 'device not in the allow-list', p_key_count, p_skipped);
    RETURN QUERY SELECT 'forbidden'::TEXT, NULL::INTEGER, d_id;
    RETURN;
  END IF;

  -- Creates the session once per (device, Torque session); the row lock taken here serialises
  -- concurrent requests of one trip until commit, so the column list below cannot race.
  INSERT INTO sessions AS s (user_id, device_id, torque_session, started_at, last_upload_at)
  VALUES (p_user_id, d_id, p_session_ms, TIMESTAMPTZ 'epoch' + p_session_ms * INTERVAL '1 millisecond', now())
  ON CONFLICT (device_id, torque_session) DO UPDATE SET last_upload_at = now()
  RETURNING s.id, s.pid_keys INTO s_id, s_keys;

  IF p_profile_name IS NOT NULL THEN
    INSERT INTO vehicle_profiles AS vp (user_id, device_id, name, fuel_type, weight, ve, fuel_cost, updated_at)
    VALUES (p_user_id, d_id, p_profile_name, p_profile_fuel_type, p_profile_weight, p_profile_ve, p_profile_fuel_cost, now())
    ON CONFLICT (device_id, name) DO UPDATE SET
      fuel_type = COALESCE(EXCLUDED.fuel_type, vp.fuel_type),
      weight = COALESCE(EXCLUDED.weight, vp.weight),
      ve = COALESCE(EXCLUDED.ve, vp.ve),
      fuel_cost = COALESCE(EXCLUDED.fuel_cost, vp.fuel_cost),
      updated_at = now()
    RETURNING vp.id INTO prof_id;
    UPDATE sessions SET profile_id = prof_id WHERE id = s_id AND profile_id IS DISTINCT FROM prof_id;
  END IF;

  IF cardinality(p_meta_keys) > 0 THEN
    INSERT INTO pid_meta AS pm (device_id, key, full_name, short_name, default_unit, user_unit, updated_at)
    SELECT d_id, m.k, m.f, m.s, m.du, m.uu, now()
      FROM unnest(p_meta_keys, p_meta_full, p_meta_short, p_meta_default, p_meta_user) AS m(k, f, s, du, uu)
    ON CONFLICT (device_id, key) DO UPDATE SET
      full_name = COALESCE(EXCLUDED.full_name, pm.full_name),
      short_name = COALESCE(EXCLUDED.short_name, pm.short_name),
      default_unit = COALESCE(EXCLUDED.default_unit, pm.default_unit),
      user_unit = COALESCE(EXCLUDED.user_unit, pm.user_unit),
      updated_at = now()
    WHERE (pm.full_name, pm.short_name, pm.default_unit, pm.user_unit) IS DISTINCT FROM
      (COALESCE(EXCLUDED.full_name, pm.full_name), COALESCE(EXCLUDED.short_name, pm.short_name),
       COALESCE(EXCLUDED.default_unit, pm.default_unit), COALESCE(EXCLUDED.user_unit, pm.user_unit));
  END IF;

  IF p_notice IS NOT NULL THEN
    INSERT INTO notices (session_id, time, text, notice_class) VALUES (s_id, t, p_notice, p_notice_class)
    ON CONFLICT DO NOTHING;
  END IF;

  IF cardinality(p_keys) > 0 THEN
    SELECT array_agg(k ORDER BY ord) INTO new_keys
      FROM unnest(p_keys) WITH ORDINALITY AS x(k, ord) WHERE NOT (k = ANY (s_keys));
    IF new_keys IS NOT NULL THEN
      s_keys := s_keys || new_keys;
      UPDATE sessions SET pid_keys = s_keys WHERE id = s_id;
    END IF;
    -- Only as long as this sample's last PID: a retry after the column list grew must produce
    -- the very same array, so that it is recognised as a duplicate.
    SELECT max(array_position(s_keys, k)) INTO max_pos FROM unnest(p_keys) AS k;
    vals := array_fill(NULL::DOUBLE PRECISION, ARRAY[max_pos]);
    FOR i IN 1 .. cardinality(p_keys) LOOP
      vals[array_position(s_keys, p_keys[i])] := p_values[i];
    END LOOP;

    -- A sample inside an already compacted chunk (a late retry, a phone's backlog) goes back
    -- through the hot rows: the chunk is unpacked first, so merge and duplicate detection below
    -- work exactly as for hot rows. One index probe when there is nothing to unpack.
    IF EXISTS (SELECT 1 FROM (SELECT c.last_time FROM sample_chunks c WHERE c.session_id = s_id AND c.first_time <= t
                              ORDER BY c.first_time DESC LIMIT 1) c WHERE c.last_time >= t) THEN
      PERFORM unpack_sample_chunks(s_id, t, t);
    END IF;

    INSERT INTO samples AS sm (session_id, time, values) VALUES (s_id, t, vals)
    ON CONFLICT ON CONSTRAINT samples_pkey DO UPDATE SET values = merge_sample_values(sm.values, EXCLUDED.values)
      WHERE sm.values IS DISTINCT FROM merge_sample_values(sm.values, EXCLUDED.values)
    RETURNING (sm.xmax = 0) INTO was_inserted;

    IF NOT FOUND THEN
      result := 'duplicate';
    ELSE
      speed := COALESCE(p_values[array_position(p_keys, 'd')], p_values[array_position(p_keys, 'ff1001')]);
      UPDATE sessions s SET
        sample_count = s.sample_count + CASE WHEN was_inserted THEN 1 ELSE 0 END,
        ended_at = GREATEST(s.ended_at, t),
        duration_s = EXTRACT(EPOCH FROM (GREATEST(s.ended_at, t) - s.started_at)),
        max_speed_kmh = GREATEST(s.max_speed_kmh, speed),
        distance_km = GREATEST(s.distance_km, p_values[array_position(p_keys, 'ff1204')]),
        fuel_used_l = GREATEST(s.fuel_used_l, p_values[array_position(p_keys, 'ff1271')]),
        has_gps = s.has_gps OR ('ff1005' = ANY (p_keys) AND 'ff1006' = ANY (p_keys)
          AND p_values[array_position(p_keys, 'ff1005')] <> 0)
      WHERE s.id = s_id;
    END IF;
  END IF;

  INSERT INTO upload_log (user_id, device_id, outcome, status, session_id, keys, skipped)
  VALUES (p_user_id, d_id, result::"UploadOutcome", 200, s_id, p_key_count, p_skipped);
  -- Keep the last 500 requests per device for diagnostics; pruned now and then, not every time.
  IF random() < 0.01 THEN
    DELETE FROM upload_log ul WHERE ul.device_id = d_id AND ul.at < (
      SELECT l.at FROM upload_log l WHERE l.device_id = d_id ORDER BY l.at DESC OFFSET 500 LIMIT 1);
  END IF;

  RETURN QUERY SELECT result, s_id, d_id;
END
$$;;

-- One upload in one round trip, authentication included: the token (by its sha256) must be a
-- live upload token; its last_used_at is written at most once a minute (uploads come every
-- second). Then exactly torque_ingest for the token's owner. 'unauthenticated' when the token is
-- unknown, revoked or of another scope (the caller answers 401 and stores nothing).
CREATE OR REPLACE FUNCTION torque_upload(
  p_token_hash TEXT,
  p_torque_id TEXT,
  p_email TEXT,
  p_session_ms BIGINT,
  p_time_ms BIGINT,
  p_keys TEXT[],
  p_values DOUBLE PRECISION[],
  p_profile_name TEXT,
  p_profile_fuel_type INTEGER,
  p_profile_weight DOUBLE PRECISION,
  p_profile_ve DOUBLE PRECISION,
  p_profile_fuel_cost DOUBLE PRECISION,
  p_meta_keys TEXT[],
  p_meta_full TEXT[],
  p_meta_short TEXT[],
  p_meta_default TEXT[],
  p_meta_user TEXT[],
  p_notice TEXT,
  p_notice_class TEXT,
  p_key_count INTEGER,
  p_skipped INTEGER
) RETURNS TABLE (outcome TEXT, session_id INTEGER, device_id INTEGER, user_id INTEGER)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  t_id INTEGER;
  t_user INTEGER;
  t_used TIMESTAMPTZ;
BEGIN
  SELECT t.id, t.user_id, t.last_used_at INTO t_id, t_user, t_used
    FROM tokens t WHERE t.hash = p_token_hash AND t.revoked_at IS NULL AND t.scope = 'upload';
  IF t_id IS NULL THEN
    RETURN QUERY SELECT 'unauthenticated'::TEXT, NULL::INTEGER, NULL::INTEGER, NULL::INTEGER;
    RETURN;
  END IF;
  IF t_used IS NULL OR t_used < now() - INTERVAL '1 minute' THEN
    UPDATE tokens SET last_used_at = now() WHERE id = t_id;
  END IF;
  RETURN QUERY SELECT i.outcome, i.session_id, i.device_id, t_user
    FROM torque_ingest(t_user, p_torque_id, p_email, p_session_ms, p_time_ms, p_keys, p_values,
      p_profile_name, p_profile_fuel_type, p_profile_weight, p_profile_ve, p_profile_fuel_cost,
      p_meta_keys, p_meta_full, p_meta_short, p_meta_default, p_meta_user,
      p_notice, p_notice_class, p_key_count, p_skipped) AS i;
END
$$;
