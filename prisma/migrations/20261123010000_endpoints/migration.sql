-- LLM endpoints (seed 000).
-- CreateTable
CREATE TABLE "endpoints" (
    "id" TEXT NOT NULL,
    "instance_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "url_key" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "wire_format" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "auth_header" TEXT,
    "auth_secret_name" TEXT,
    "owner_user_id" TEXT NOT NULL,
    "tags" TEXT[],
    "status" TEXT NOT NULL DEFAULT 'active',
    "description" TEXT,
    "request_template" JSONB,
    "response_path" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "endpoints_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "endpoints_instance_id_created_at_id_idx" ON "endpoints"("instance_id", "created_at" DESC, "id");

-- CreateIndex
CREATE INDEX "endpoints_instance_id_auth_secret_name_idx" ON "endpoints"("instance_id", "auth_secret_name");

-- CreateIndex
CREATE UNIQUE INDEX "endpoints_instance_id_url_key_key" ON "endpoints"("instance_id", "url_key");

-- AddForeignKey
ALTER TABLE "endpoints" ADD CONSTRAINT "endpoints_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "instances"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "endpoints" ADD CONSTRAINT "endpoints_owner_user_id_fkey" FOREIGN KEY ("owner_user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

