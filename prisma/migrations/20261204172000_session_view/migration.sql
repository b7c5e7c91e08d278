-- Session view (issue #6): per-user PID preferences and live-update notifications.

-- Per user and PID key: a favourite (offered first in the PID picker, charted by default) and a
-- display-unit override (NULL = the unit the phone shows, see lib/units/pid-display.ts).
-- CreateTable
CREATE TABLE "pid_preferences" (
    "user_id" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "favourite" BOOLEAN NOT NULL DEFAULT false,
    "unit" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pid_preferences_pkey" PRIMARY KEY ("user_id","key")
);

-- AddForeignKey
ALTER TABLE "pid_preferences" ADD CONSTRAINT "pid_preferences_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Live mode: every change a viewer should see (an upload, a bulk write, an edit, a refreshed
-- summary) is announced on channel `session_update` with the session id as payload. NOTIFY is
-- delivered at commit, so a listener that re-reads finds the new rows; every app instance
-- LISTENs on one connection of its own (lib/sessions/live-events.ts), which is what makes live
-- pages work with several instances on one database. A trigger rather than a line in
-- torque_ingest: the ingest function may be redefined by later migrations without losing this.
CREATE OR REPLACE FUNCTION notify_session_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('session_update', NEW.id::text);
  RETURN NULL;
END
$$;

CREATE TRIGGER sessions_notify_update
  AFTER UPDATE ON sessions
  FOR EACH ROW
  WHEN (OLD.last_upload_at IS DISTINCT FROM NEW.last_upload_at
     OR OLD.sample_count IS DISTINCT FROM NEW.sample_count
     OR OLD.ended_at IS DISTINCT FROM NEW.ended_at
     OR OLD.summary_at IS DISTINCT FROM NEW.summary_at)
  EXECUTE FUNCTION notify_session_update();
