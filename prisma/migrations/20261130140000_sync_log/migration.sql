-- CreateTable
CREATE TABLE "SyncRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "leadId" INTEGER NOT NULL,
    "leadName" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "error" TEXT,
    "personUrl" TEXT,
    "companyUrl" TEXT
);

-- CreateTable
CREATE TABLE "SyncAlert" (
    "leadId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "lastSentAt" DATETIME NOT NULL,
    "lastRunId" TEXT NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "SyncRun_runId_key" ON "SyncRun"("runId");

-- CreateIndex
CREATE INDEX "SyncRun_startedAt_idx" ON "SyncRun"("startedAt");

-- CreateIndex
CREATE INDEX "SyncRun_leadId_id_idx" ON "SyncRun"("leadId", "id");

-- CreateIndex
CREATE INDEX "SyncRun_status_id_idx" ON "SyncRun"("status", "id");

-- CreateIndex
CREATE INDEX "SyncRun_trigger_id_idx" ON "SyncRun"("trigger", "id");

