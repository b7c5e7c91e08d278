-- Failed sign-ins, counted per key ("account:<e-mail>" and "ip:<address>") in a fixed window
-- that starts at the first counted attempt. In the database, not in memory, so the limit holds
-- across restarts and across several server processes sharing one database.
CREATE TABLE "sign_in_attempts" (
    "key" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "sign_in_attempts_pkey" PRIMARY KEY ("key")
);

-- Lets the pruning of expired windows find old rows without scanning the table.
CREATE INDEX "sign_in_attempts_window_start_idx" ON "sign_in_attempts"("window_start");
