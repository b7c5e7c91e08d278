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
