-- AlterTable: every user gets a handle (seed 002's {owner}), derived from the
-- e-mail's local part like lib/auth/handles.ts does for new accounts: lowercase,
-- runs of other characters become "-", at most 32 characters, "user" when
-- nothing is left. The first account (by creation) keeps the bare handle; later
-- ones get a suffix from their id.
ALTER TABLE "users" ADD COLUMN     "handle" VARCHAR(39);

WITH "base" AS (
    SELECT "id", "created_at",
           COALESCE(NULLIF(left(trim(both '-' from regexp_replace(lower(split_part("email", '@', 1)), '[^a-z0-9_-]+', '-', 'g')), 32), ''), 'user') AS "b"
    FROM "users"
), "numbered" AS (
    SELECT "id", "b", row_number() OVER (PARTITION BY "b" ORDER BY "created_at", "id") AS "n" FROM "base"
)
UPDATE "users" AS "u"
SET "handle" = CASE WHEN "numbered"."n" = 1 THEN "numbered"."b" ELSE "numbered"."b" || '-' || lower(right("u"."id", 6)) END
FROM "numbered"
WHERE "u"."id" = "numbered"."id";

ALTER TABLE "users" ALTER COLUMN "handle" SET NOT NULL;

-- AlterTable
ALTER TABLE "api_tokens" ALTER COLUMN "instance_id" DROP NOT NULL;

-- AlterTable
ALTER TABLE "endpoints" ADD COLUMN     "api_standard_handle" TEXT,
ADD COLUMN     "dimensions" INTEGER,
ADD COLUMN     "service_handle" VARCHAR(64);

-- CreateTable
CREATE TABLE "llm_configs" (
    "id" TEXT NOT NULL,
    "scope" VARCHAR(40) NOT NULL,
    "instance_id" TEXT,
    "provider" VARCHAR(32) NOT NULL,
    "model" VARCHAR(200) NOT NULL,
    "base_url" VARCHAR(2048),
    "sealed_key" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    "key_hint" VARCHAR(32) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "llm_configs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "llm_configs_scope_key" ON "llm_configs"("scope");

-- CreateIndex
CREATE UNIQUE INDEX "llm_configs_instance_id_key" ON "llm_configs"("instance_id");

-- CreateIndex
CREATE INDEX "llm_configs_key_id_idx" ON "llm_configs"("key_id");

-- CreateIndex
CREATE UNIQUE INDEX "users_handle_key" ON "users"("handle");

-- CreateIndex
CREATE INDEX "endpoints_api_standard_handle_idx" ON "endpoints"("api_standard_handle");

-- CreateIndex
CREATE UNIQUE INDEX "endpoints_instance_id_owner_user_id_service_handle_key" ON "endpoints"("instance_id", "owner_user_id", "service_handle");

-- AddForeignKey
ALTER TABLE "endpoints" ADD CONSTRAINT "endpoints_api_standard_handle_fkey" FOREIGN KEY ("api_standard_handle") REFERENCES "api_standards"("handle") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "llm_configs" ADD CONSTRAINT "llm_configs_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "instances"("id") ON DELETE CASCADE ON UPDATE CASCADE;

