-- Sessions live in their own table now.
ALTER TABLE "users" DROP COLUMN "session_version";

-- Bounded audit columns (existing values are cut to the bound; a table
-- rewrite fires no row trigger, so the append-only rule stands).
ALTER TABLE "audit_events"
ADD COLUMN "actor_instance_id" VARCHAR(40),
ADD COLUMN "count" INTEGER NOT NULL DEFAULT 1,
ALTER COLUMN "id" SET DATA TYPE VARCHAR(40) USING left("id", 40),
ALTER COLUMN "instance_id" SET DATA TYPE VARCHAR(40) USING left("instance_id", 40),
ALTER COLUMN "actor_type" SET DATA TYPE VARCHAR(16) USING left("actor_type", 16),
ALTER COLUMN "actor_id" SET DATA TYPE VARCHAR(40) USING left("actor_id", 40),
ALTER COLUMN "actor_label" SET DATA TYPE VARCHAR(320) USING left("actor_label", 320),
ALTER COLUMN "token_short_id" SET DATA TYPE VARCHAR(16) USING left("token_short_id", 16),
ALTER COLUMN "action" SET DATA TYPE VARCHAR(100) USING left("action", 100),
ALTER COLUMN "method" SET DATA TYPE VARCHAR(16) USING left("method", 16),
ALTER COLUMN "path" SET DATA TYPE VARCHAR(1024) USING left("path", 1024),
ALTER COLUMN "outcome" SET DATA TYPE VARCHAR(8) USING left("outcome", 8),
ALTER COLUMN "client_ip" SET DATA TYPE VARCHAR(64) USING left("client_ip", 64),
ALTER COLUMN "target" SET DATA TYPE VARCHAR(500) USING left("target", 500),
ALTER COLUMN "request_id" SET DATA TYPE VARCHAR(80) USING left("request_id", 80);

-- CreateTable
CREATE TABLE "sessions" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invitations" (
    "id" TEXT NOT NULL,
    "instance_id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "token_hash" TEXT NOT NULL,
    "invited_by_id" TEXT,
    "invited_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "accepted_at" TIMESTAMP(3),
    "declined_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),

    CONSTRAINT "invitations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "sessions_user_id_idx" ON "sessions"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "invitations_token_hash_key" ON "invitations"("token_hash");

-- CreateIndex
CREATE INDEX "invitations_instance_id_created_at_idx" ON "invitations"("instance_id", "created_at");

-- CreateIndex
CREATE INDEX "invitations_email_idx" ON "invitations"("email");

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "instances"("id") ON DELETE CASCADE ON UPDATE CASCADE;

