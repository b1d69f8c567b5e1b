-- AlterTable
ALTER TABLE "Lead" ADD COLUMN "attioDeletedAt" DATETIME;

-- AlterTable
ALTER TABLE "Lead" ADD COLUMN "attioDeletedKind" TEXT;

-- AlterTable
ALTER TABLE "Lead" ADD COLUMN "attioEntryId" TEXT;

-- AlterTable
ALTER TABLE "Lead" ADD COLUMN "attioStage" TEXT;

-- AlterTable
ALTER TABLE "Lead" ADD COLUMN "attioEntryOwner" TEXT;

-- AlterTable
ALTER TABLE "Lead" ADD COLUMN "attioResyncPausedAt" DATETIME;

-- AlterTable
ALTER TABLE "Lead" ADD COLUMN "attioResyncPausedReason" TEXT;

-- AlterTable
ALTER TABLE "Lead" ADD COLUMN "attioInboundAt" DATETIME;

-- CreateTable
CREATE TABLE "AttioWebhook" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "targetUrl" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "subscriptions" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastEventAt" DATETIME,
    "checkedAt" DATETIME
);

-- CreateTable
CREATE TABLE "AttioInboxEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "deliveryKey" TEXT NOT NULL,
    "eventIndex" INTEGER NOT NULL,
    "webhookId" TEXT NOT NULL,
    "eventType" TEXT NOT NULL,
    "objectId" TEXT,
    "recordId" TEXT,
    "listId" TEXT,
    "entryId" TEXT,
    "attributeId" TEXT,
    "parentObjectId" TEXT,
    "parentRecordId" TEXT,
    "duplicateRecordId" TEXT,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT,
    "workflowId" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL,
    "signalledAt" DATETIME,
    "appliedAt" DATETIME,
    "outcome" TEXT,
    "detail" TEXT,
    "leadId" INTEGER
);

-- CreateTable
CREATE TABLE "AttioRecordState" (
    "recordId" TEXT NOT NULL PRIMARY KEY,
    "object" TEXT NOT NULL,
    "values" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "AttioInboxEvent_signalledAt_id_idx" ON "AttioInboxEvent"("signalledAt", "id");

-- CreateIndex
CREATE INDEX "AttioInboxEvent_leadId_id_idx" ON "AttioInboxEvent"("leadId", "id");

-- CreateIndex
CREATE INDEX "AttioInboxEvent_receivedAt_idx" ON "AttioInboxEvent"("receivedAt");

-- CreateIndex
CREATE INDEX "AttioInboxEvent_workflowId_id_idx" ON "AttioInboxEvent"("workflowId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "AttioInboxEvent_deliveryKey_eventIndex_key" ON "AttioInboxEvent"("deliveryKey", "eventIndex");
