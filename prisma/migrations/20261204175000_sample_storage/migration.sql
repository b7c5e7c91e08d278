-- Sample storage interface for bulk loads and the benchmark (layout-aware, like torque_ingest).

-- Samples stored for one session, counted in the storage itself (not sessions.sample_count).
CREATE OR REPLACE FUNCTION stored_sample_count(p_session_id INTEGER) RETURNS BIGINT
LANGUAGE sql STABLE AS $$
  SELECT count(*) FROM samples WHERE session_id = p_session_id
$$;

-- Called after rows were bulk-inserted into `samples` for these sessions (imports, benchmark).
CREATE OR REPLACE FUNCTION finish_bulk_load(p_session_ids INTEGER[]) RETURNS VOID
LANGUAGE sql AS $$ SELECT NULL::void $$;

-- The tables whose size is "sample storage" (tables + indexes + TOAST).
CREATE OR REPLACE FUNCTION sample_storage_relations() RETURNS TEXT[]
LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY['samples', 'sessions', 'pid_meta'] $$;

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
