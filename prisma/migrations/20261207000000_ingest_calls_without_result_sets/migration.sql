-- torque_upload and torque_ingest return their one row as OUT parameters instead of a result
-- set, and each caller takes it with an assignment (`stored := torque_upload(…)`) instead of
-- `RETURN QUERY SELECT … FROM …`. Why: a set-returning PL/pgSQL call runs the executor and fills a
-- tuplestore for its one row, and an upload went through three of them (group → upload →
-- ingest); an assignment is evaluated as a simple expression. What is stored is unchanged: the
-- bodies are the same statements in the same order (bench/README.md, section 10).
DROP FUNCTION torque_upload(TEXT, TEXT, TEXT, BIGINT, BIGINT, TEXT[], DOUBLE PRECISION[], TEXT, INTEGER, DOUBLE PRECISION, DOUBLE PRECISION, DOUBLE PRECISION, TEXT[], TEXT[], TEXT[], TEXT[], TEXT[], TEXT, TEXT, INTEGER, INTEGER);
DROP FUNCTION torque_ingest(INTEGER, TEXT, TEXT, BIGINT, BIGINT, TEXT[], DOUBLE PRECISION[], TEXT, INTEGER, DOUBLE PRECISION, DOUBLE PRECISION, DOUBLE PRECISION, TEXT[], TEXT[], TEXT[], TEXT[], TEXT[], TEXT, TEXT, INTEGER, INTEGER);

CREATE FUNCTION torque_ingest(
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
  p_skipped INTEGER,
  OUT outcome TEXT,
  OUT session_id INTEGER,
  OUT device_id INTEGER
)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  d_id INTEGER;
  d_allowed BOOLEAN;
  d_seen TIMESTAMPTZ;
  s_id INTEGER;
  s_keys TEXT[];
  vals DOUBLE PRECISION[];
  i INTEGER;
  pos INTEGER;
  was_inserted BOOLEAN;
  prof_id INTEGER;
  t TIMESTAMPTZ := TIMESTAMPTZ 'epoch' + p_time_ms * INTERVAL '1 millisecond';
  result TEXT := 'accepted';
  speed DOUBLE PRECISION;
  max_pos INTEGER;
  counted BOOLEAN := FALSE;
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
    outcome := 'forbidden';
    device_id := d_id;
    RETURN;
  END IF;

  -- Creates the session once per (device, Torque session); the row lock taken here serialises
  -- concurrent requests of one trip until commit, so the column list below cannot race.
  -- The lock is taken by SELECT … FOR UPDATE (no new row version); the one UPDATE at the end
  -- writes everything this upload changes.
  -- Loops only when a concurrent upload of the same trip created the row in between.
  LOOP
    SELECT s.id, s.pid_keys INTO s_id, s_keys FROM sessions s
      WHERE s.device_id = d_id AND s.torque_session = p_session_ms FOR UPDATE;
    EXIT WHEN s_id IS NOT NULL;
    INSERT INTO sessions AS s (user_id, device_id, torque_session, started_at, last_upload_at)
    VALUES (p_user_id, d_id, p_session_ms, TIMESTAMPTZ 'epoch' + p_session_ms * INTERVAL '1 millisecond', now())
    ON CONFLICT (device_id, torque_session) DO NOTHING
    RETURNING s.id, s.pid_keys INTO s_id, s_keys;
    EXIT WHEN s_id IS NOT NULL;
  END LOOP;

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
    -- One pass: a PID the trip has not seen yet joins its column list (in this request's order);
    -- each value goes to its PID's column.
    vals := array_fill(NULL::DOUBLE PRECISION, ARRAY[cardinality(s_keys) + cardinality(p_keys)]);
    max_pos := 0;
    FOR i IN 1 .. cardinality(p_keys) LOOP
      pos := array_position(s_keys, p_keys[i]);
      IF pos IS NULL THEN
        s_keys := s_keys || p_keys[i];
        pos := cardinality(s_keys);
      END IF;
      vals[pos] := p_values[i];
      IF pos > max_pos THEN
        max_pos := pos;
      END IF;
    END LOOP;
    -- Only as long as this sample's last PID: a retry after the column list grew must produce
    -- the very same array, so that it is recognised as a duplicate.
    vals := vals[1:max_pos];

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
      counted := TRUE;
      speed := COALESCE(p_values[array_position(p_keys, 'd')], p_values[array_position(p_keys, 'ff1001')]);
      UPDATE sessions s SET
        last_upload_at = now(),
        pid_keys = s_keys,
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
  IF NOT counted THEN
    UPDATE sessions SET last_upload_at = now(), pid_keys = s_keys WHERE id = s_id;
  END IF;

  INSERT INTO upload_log (user_id, device_id, outcome, status, session_id, keys, skipped)
  VALUES (p_user_id, d_id, result::"UploadOutcome", 200, s_id, p_key_count, p_skipped);
  -- Keep the last 500 requests per device for diagnostics; pruned now and then, not every time.
  IF random() < 0.01 THEN
    DELETE FROM upload_log ul WHERE ul.device_id = d_id AND ul.at < (
      SELECT l.at FROM upload_log l WHERE l.device_id = d_id ORDER BY l.at DESC OFFSET 500 LIMIT 1);
  END IF;

  outcome := result;
  session_id := s_id;
  device_id := d_id;
END
$$;

CREATE FUNCTION torque_upload(
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
  p_skipped INTEGER,
  OUT outcome TEXT,
  OUT session_id INTEGER,
  OUT device_id INTEGER,
  OUT user_id INTEGER
)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  t_id INTEGER;
  t_user INTEGER;
  t_used TIMESTAMPTZ;
  stored RECORD;
BEGIN
  SELECT t.id, t.user_id, t.last_used_at INTO t_id, t_user, t_used
    FROM tokens t WHERE t.hash = p_token_hash AND t.revoked_at IS NULL AND t.scope = 'upload';
  IF t_id IS NULL THEN
    outcome := 'unauthenticated';
    RETURN;
  END IF;
  IF t_used IS NULL OR t_used < now() - INTERVAL '1 minute' THEN
    UPDATE tokens SET last_used_at = now() WHERE id = t_id;
  END IF;
  stored := torque_ingest(t_user, p_torque_id, p_email, p_session_ms, p_time_ms, p_keys, p_values,
    p_profile_name, p_profile_fuel_type, p_profile_weight, p_profile_ve, p_profile_fuel_cost,
    p_meta_keys, p_meta_full, p_meta_short, p_meta_default, p_meta_user,
    p_notice, p_notice_class, p_key_count, p_skipped);
  outcome := stored.outcome;
  session_id := stored.session_id;
  device_id := stored.device_id;
  user_id := t_user;
END
$$;

CREATE OR REPLACE FUNCTION torque_upload_group(
  p_token_hash TEXT[],
  p_torque_id TEXT[],
  p_email TEXT[],
  p_session_ms BIGINT[],
  p_time_ms BIGINT[],
  p_keys TEXT[],                 -- array literals of TEXT[]
  p_values TEXT[],               -- array literals of DOUBLE PRECISION[]
  p_profile_name TEXT[],
  p_profile_fuel_type INTEGER[],
  p_profile_weight DOUBLE PRECISION[],
  p_profile_ve DOUBLE PRECISION[],
  p_profile_fuel_cost DOUBLE PRECISION[],
  p_meta_keys TEXT[],            -- array literals of TEXT[] (and the four below)
  p_meta_full TEXT[],
  p_meta_short TEXT[],
  p_meta_default TEXT[],
  p_meta_user TEXT[],
  p_notice TEXT[],
  p_notice_class TEXT[],
  p_key_count INTEGER[],
  p_skipped INTEGER[]
) RETURNS TABLE (outcome TEXT, session_id INTEGER, device_id INTEGER, user_id INTEGER)
LANGUAGE plpgsql AS $$
DECLARE
  stored RECORD;
BEGIN
  FOR i IN 1 .. cardinality(p_token_hash) LOOP
    stored := torque_upload(
      p_token_hash[i], p_torque_id[i], p_email[i], p_session_ms[i], p_time_ms[i],
      p_keys[i]::TEXT[], p_values[i]::DOUBLE PRECISION[],
      p_profile_name[i], p_profile_fuel_type[i], p_profile_weight[i], p_profile_ve[i], p_profile_fuel_cost[i],
      p_meta_keys[i]::TEXT[], p_meta_full[i]::TEXT[], p_meta_short[i]::TEXT[], p_meta_default[i]::TEXT[], p_meta_user[i]::TEXT[],
      p_notice[i], p_notice_class[i], p_key_count[i], p_skipped[i]);
    outcome := stored.outcome;
    session_id := stored.session_id;
    device_id := stored.device_id;
    user_id := stored.user_id;
    RETURN NEXT;
  END LOOP;
END
$$;
