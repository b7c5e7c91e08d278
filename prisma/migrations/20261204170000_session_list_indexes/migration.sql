-- Indexes for the session list (lib/sessions/query.ts); plans and timings in bench/list-explain.md.
--
-- Every sort key the list offers gets a (user_id, key, id) index in the order the list reads it:
-- NULL counts as the smallest value, so ascending is a forward scan and descending a backward
-- scan of the same index, and a page (first or 200th, via the keyset cursor) reads ~limit rows
-- instead of sorting all of a user's sessions. started_at already has one (init migration).
--
-- Cost, knowingly paid: ingest updates sample_count, duration_s, distance_km, max_speed_kmh and
-- fuel_used_l of a live session on every sample, and an indexed column changing makes that
-- update non-HOT (it adds entries to every index of the table). Measured in the notes.
CREATE INDEX "sessions_user_id_duration_s_id_idx" ON "sessions" ("user_id", "duration_s" NULLS FIRST, "id");
CREATE INDEX "sessions_user_id_distance_km_id_idx" ON "sessions" ("user_id", "distance_km" NULLS FIRST, "id");
CREATE INDEX "sessions_user_id_sample_count_id_idx" ON "sessions" ("user_id", "sample_count", "id");
CREATE INDEX "sessions_user_id_max_speed_kmh_id_idx" ON "sessions" ("user_id", "max_speed_kmh" NULLS FIRST, "id");
CREATE INDEX "sessions_user_id_fuel_used_l_id_idx" ON "sessions" ("user_id", "fuel_used_l" NULLS FIRST, "id");
CREATE INDEX "sessions_user_id_lower_name_id_idx" ON "sessions" ("user_id", lower("name") NULLS FIRST, "id");

-- Vehicle and device sorts walk the user's few profiles or devices and take each one's sessions
-- in id order (lib/sessions/list-sql.ts groupSortRows); neither column changes during ingest.
CREATE INDEX "sessions_device_id_id_idx" ON "sessions" ("device_id", "id");
CREATE INDEX "sessions_user_id_profile_id_id_idx" ON "sessions" ("user_id", COALESCE("profile_id", 0), "id");

-- "has PID X" and "tag X" are array containment (@>), which GIN answers without reading every
-- session; both columns change rarely (pid_keys when a new PID appears, tags by the user).
CREATE INDEX "sessions_pid_keys_idx" ON "sessions" USING GIN ("pid_keys");
CREATE INDEX "sessions_tags_idx" ON "sessions" USING GIN ("tags");
