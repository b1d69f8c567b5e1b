-- CreateTable
CREATE TABLE "SyncRun" (
    "id" SERIAL NOT NULL,
    "leadId" INTEGER NOT NULL,
    "leadName" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "error" TEXT,
    "personUrl" TEXT,
    "companyUrl" TEXT,

    CONSTRAINT "SyncRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncAlert" (
    "leadId" INTEGER NOT NULL,
    "lastSentAt" TIMESTAMP(3) NOT NULL,
    "lastRunId" TEXT NOT NULL,

    CONSTRAINT "SyncAlert_pkey" PRIMARY KEY ("leadId")
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

