-- Group commit sends a whole group of uploads as one statement (lib/ingest/group-commit.ts):
-- each parameter is an array with one entry per upload, in the group's lock order; an upload's
-- own arrays (PIDs, values, metadata columns) come as one array literal each and are cast back
-- here. Each upload is stored by torque_upload exactly as when it comes alone; one row per
-- upload, in order. Why: one round trip per upload (a loopback socket write and a wake-up on
-- both sides each time) cost more than the storing did (bench/README.md, section 7).
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
BEGIN
  FOR i IN 1 .. cardinality(p_token_hash) LOOP
    RETURN QUERY SELECT u.outcome, u.session_id, u.device_id, u.user_id FROM torque_upload(
      p_token_hash[i], p_torque_id[i], p_email[i], p_session_ms[i], p_time_ms[i],
      p_keys[i]::TEXT[], p_values[i]::DOUBLE PRECISION[],
      p_profile_name[i], p_profile_fuel_type[i], p_profile_weight[i], p_profile_ve[i], p_profile_fuel_cost[i],
      p_meta_keys[i]::TEXT[], p_meta_full[i]::TEXT[], p_meta_short[i]::TEXT[], p_meta_default[i]::TEXT[], p_meta_user[i]::TEXT[],
      p_notice[i], p_notice_class[i], p_key_count[i], p_skipped[i]) AS u;
  END LOOP;
END
$$;
