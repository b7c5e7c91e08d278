-- compact_session_samples deletes a session's chosen hot rows with a join on time. The samples
-- table is small and churns (rows arrive, are packed, are deleted), so its statistics often say
-- "one row for this session", and the planner then picks a nested loop that re-runs the window
-- query over the session's rows once per row: quadratic. Measured on the embedded PostgreSQL 18
-- during a bench load: 6.3–8.2 s for a 3,600-sample trip (the session row locked all the while),
-- 0.33 s with nested loops off (a hash join). Nothing in the function needs a nested loop except
-- generate_series' lateral call, which the planner still uses (off only makes it look costly).
ALTER FUNCTION compact_session_samples(INTEGER, TIMESTAMPTZ, BOOLEAN) SET enable_nestloop = off;
