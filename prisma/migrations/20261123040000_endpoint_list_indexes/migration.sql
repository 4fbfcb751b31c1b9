-- The endpoint list's filters at scale (docs/performance.md, scenario 4): a tag filter through a
-- GIN index on tags, the name/host search (ILIKE '%text%') through trigram indexes. pg_trgm is a
-- trusted contrib extension (PostgreSQL 13+): the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateIndex
CREATE INDEX "endpoints_tags_idx" ON "endpoints" USING GIN ("tags");

-- CreateIndex
CREATE INDEX "endpoints_name_trgm_idx" ON "endpoints" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "endpoints_host_trgm_idx" ON "endpoints" USING GIN ("host" gin_trgm_ops);
