-- Endpoint test history and DLP rules.
-- CreateTable
CREATE TABLE "endpoint_tests" (
    "id" TEXT NOT NULL,
    "instance_id" TEXT NOT NULL,
    "endpoint_id" TEXT NOT NULL,
    "tested_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "upstream_status" INTEGER,
    "latency_ms" INTEGER NOT NULL,
    "verdict" TEXT NOT NULL,
    "reason" TEXT,
    "detail" TEXT NOT NULL,
    "dlp_rule_id" TEXT,
    "actor_label" TEXT,

    CONSTRAINT "endpoint_tests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dlp_rules" (
    "id" TEXT NOT NULL,
    "instance_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "detector" TEXT,
    "name" TEXT NOT NULL,
    "pattern" TEXT,
    "action" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "dlp_rules_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "endpoint_tests_endpoint_id_tested_at_id_idx" ON "endpoint_tests"("endpoint_id", "tested_at" DESC, "id");

-- CreateIndex
CREATE INDEX "endpoint_tests_instance_id_tested_at_idx" ON "endpoint_tests"("instance_id", "tested_at" DESC);

-- CreateIndex
CREATE INDEX "dlp_rules_instance_id_idx" ON "dlp_rules"("instance_id");

-- CreateIndex
CREATE UNIQUE INDEX "dlp_rules_instance_id_detector_key" ON "dlp_rules"("instance_id", "detector");

-- AddForeignKey
ALTER TABLE "endpoint_tests" ADD CONSTRAINT "endpoint_tests_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "endpoints"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dlp_rules" ADD CONSTRAINT "dlp_rules_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "instances"("id") ON DELETE CASCADE ON UPDATE CASCADE;

