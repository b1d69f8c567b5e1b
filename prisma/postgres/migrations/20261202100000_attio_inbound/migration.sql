-- AlterTable
ALTER TABLE "Lead" ADD COLUMN "attioDeletedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Lead" ADD COLUMN "attioDeletedKind" TEXT;

-- AlterTable
ALTER TABLE "Lead" ADD COLUMN "attioEntryId" TEXT;

-- AlterTable
ALTER TABLE "Lead" ADD COLUMN "attioStage" TEXT;

-- AlterTable
ALTER TABLE "Lead" ADD COLUMN "attioEntryOwner" TEXT;

-- AlterTable
ALTER TABLE "Lead" ADD COLUMN "attioResyncPausedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Lead" ADD COLUMN "attioResyncPausedReason" TEXT;

-- AlterTable
ALTER TABLE "Lead" ADD COLUMN "attioInboundAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "AttioWebhook" (
    "id" TEXT NOT NULL,
    "targetUrl" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "subscriptions" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastEventAt" TIMESTAMP(3),
    "checkedAt" TIMESTAMP(3),

    CONSTRAINT "AttioWebhook_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AttioInboxEvent" (
    "id" SERIAL NOT NULL,
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
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "signalledAt" TIMESTAMP(3),
    "appliedAt" TIMESTAMP(3),
    "outcome" TEXT,
    "detail" TEXT,
    "leadId" INTEGER,

    CONSTRAINT "AttioInboxEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AttioRecordState" (
    "recordId" TEXT NOT NULL,
    "object" TEXT NOT NULL,
    "values" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AttioRecordState_pkey" PRIMARY KEY ("recordId")
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
