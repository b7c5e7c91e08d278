-- Every accepted upload updates its session's counters: sample_count, duration_s, distance_km,
-- max_speed_kmh and fuel_used_l (and ended_at, last_upload_at, pid_keys). While those five had
-- a (user_id, key, id) index each for the session list's sorts (20261204170000), an update that
-- changed any of them could not be HOT: it wrote a new entry into every index of `sessions`
-- (twelve). Without them the update stays on its page and touches no index (98–99 % HOT in the
-- ingest benchmark): the statement took 75–83 µs per upload before and 35–45 µs after, and
-- PostgreSQL's CPU per upload fell by ~0.05 ms of ~0.29 (bench/README.md, section 9).
--
-- What the list pays: sorting by one of these five orders a user's sessions (a top-N sort of the
-- rows that match) instead of reading ~50 index entries; at 10,000 sessions that is a few ms per
-- page (bench/list-explain.md), and every list request already counts all matching rows anyway.
DROP INDEX IF EXISTS "sessions_user_id_duration_s_id_idx";
DROP INDEX IF EXISTS "sessions_user_id_distance_km_id_idx";
DROP INDEX IF EXISTS "sessions_user_id_sample_count_id_idx";
DROP INDEX IF EXISTS "sessions_user_id_max_speed_kmh_id_idx";
DROP INDEX IF EXISTS "sessions_user_id_fuel_used_l_id_idx";
