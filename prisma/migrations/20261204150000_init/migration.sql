-- CreateEnum
CREATE TYPE "Role" AS ENUM ('admin', 'user');

-- CreateEnum
CREATE TYPE "TokenScope" AS ENUM ('upload', 'read', 'read_write');

-- CreateEnum
CREATE TYPE "UploadOutcome" AS ENUM ('accepted', 'duplicate', 'rejected');

-- CreateTable
CREATE TABLE "users" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'user',
    "display_name" TEXT,
    "time_zone" TEXT,
    "unit_system" TEXT NOT NULL DEFAULT 'metric',
    "restrict_devices" BOOLEAN NOT NULL DEFAULT false,
    "auth_version" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tokens" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "scope" "TokenScope" NOT NULL,
    "hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "devices" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "torque_id" TEXT NOT NULL,
    "email" TEXT,
    "nickname" TEXT,
    "allowed" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3),

    CONSTRAINT "devices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "vehicle_profiles" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "device_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "fuel_type" INTEGER,
    "weight" DOUBLE PRECISION,
    "ve" DOUBLE PRECISION,
    "fuel_cost" DOUBLE PRECISION,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "vehicle_profiles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "device_id" INTEGER NOT NULL,
    "profile_id" INTEGER,
    "torque_session" BIGINT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),
    "last_upload_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sample_count" INTEGER NOT NULL DEFAULT 0,
    "pid_keys" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "name" TEXT,
    "notes" TEXT,
    "tags" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "duration_s" DOUBLE PRECISION,
    "distance_km" DOUBLE PRECISION,
    "max_speed_kmh" DOUBLE PRECISION,
    "avg_speed_kmh" DOUBLE PRECISION,
    "fuel_used_l" DOUBLE PRECISION,
    "has_gps" BOOLEAN NOT NULL DEFAULT false,
    "summary" JSONB,
    "summary_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "samples" (
    "session_id" INTEGER NOT NULL,
    "time" TIMESTAMPTZ(3) NOT NULL,
    "values" DOUBLE PRECISION[],

    CONSTRAINT "samples_pkey" PRIMARY KEY ("session_id","time")
);

-- CreateTable
CREATE TABLE "pid_meta" (
    "device_id" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "full_name" TEXT,
    "short_name" TEXT,
    "default_unit" TEXT,
    "user_unit" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pid_meta_pkey" PRIMARY KEY ("device_id","key")
);

-- CreateTable
CREATE TABLE "notices" (
    "id" SERIAL NOT NULL,
    "session_id" INTEGER NOT NULL,
    "time" TIMESTAMPTZ(3) NOT NULL,
    "text" TEXT NOT NULL,
    "notice_class" TEXT,

    CONSTRAINT "notices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "upload_log" (
    "id" BIGSERIAL NOT NULL,
    "user_id" INTEGER,
    "device_id" INTEGER,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" "UploadOutcome" NOT NULL,
    "status" INTEGER NOT NULL,
    "reason" TEXT,
    "session_id" INTEGER,
    "keys" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "upload_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "tokens_hash_key" ON "tokens"("hash");

-- CreateIndex
CREATE INDEX "tokens_user_id_idx" ON "tokens"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "devices_user_id_torque_id_key" ON "devices"("user_id", "torque_id");

-- CreateIndex
CREATE UNIQUE INDEX "vehicle_profiles_device_id_name_key" ON "vehicle_profiles"("device_id", "name");

-- CreateIndex
CREATE INDEX "sessions_user_id_started_at_id_idx" ON "sessions"("user_id", "started_at" DESC, "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "sessions_device_id_torque_session_key" ON "sessions"("device_id", "torque_session");

-- CreateIndex
CREATE UNIQUE INDEX "notices_session_id_time_text_key" ON "notices"("session_id", "time", "text");

-- CreateIndex
CREATE INDEX "upload_log_device_id_at_idx" ON "upload_log"("device_id", "at" DESC);

-- CreateIndex
CREATE INDEX "upload_log_user_id_at_idx" ON "upload_log"("user_id", "at" DESC);

-- AddForeignKey
ALTER TABLE "tokens" ADD CONSTRAINT "tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "devices" ADD CONSTRAINT "devices_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vehicle_profiles" ADD CONSTRAINT "vehicle_profiles_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vehicle_profiles" ADD CONSTRAINT "vehicle_profiles_device_id_fkey" FOREIGN KEY ("device_id") REFERENCES "devices"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_device_id_fkey" FOREIGN KEY ("device_id") REFERENCES "devices"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_profile_id_fkey" FOREIGN KEY ("profile_id") REFERENCES "vehicle_profiles"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "samples" ADD CONSTRAINT "samples_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pid_meta" ADD CONSTRAINT "pid_meta_device_id_fkey" FOREIGN KEY ("device_id") REFERENCES "devices"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notices" ADD CONSTRAINT "notices_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "upload_log" ADD CONSTRAINT "upload_log_device_id_fkey" FOREIGN KEY ("device_id") REFERENCES "devices"("id") ON DELETE CASCADE ON UPDATE CASCADE;
