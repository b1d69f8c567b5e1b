-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Lead" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT,
    "companyName" TEXT,
    "companyDomain" TEXT,
    "email" TEXT,
    "linkedinUrl" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "attioPersonId" TEXT,
    "attioCompanyId" TEXT,
    "attioPersonUrl" TEXT,
    "attioCompanyUrl" TEXT,
    "attioSyncedAt" TIMESTAMP(3),
    "attioSyncStatus" TEXT NOT NULL DEFAULT 'not_synced',
    "attioSyncError" TEXT,
    "attioLastRunAt" TIMESTAMP(3),
    "attioLastWorkflowId" TEXT,
    "attioLastRunId" TEXT,
    "attioSnapshotHash" TEXT,

    CONSTRAINT "Lead_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SourceSignal" (
    "id" SERIAL NOT NULL,
    "leadId" INTEGER NOT NULL,
    "excerpt" TEXT NOT NULL,
    "sourceUrl" TEXT NOT NULL,
    "capturedAt" TIMESTAMP(3) NOT NULL,
    "angle" TEXT,

    CONSTRAINT "SourceSignal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IcpScore" (
    "id" SERIAL NOT NULL,
    "leadId" INTEGER NOT NULL,
    "score" INTEGER NOT NULL,
    "reasons" TEXT NOT NULL DEFAULT '[]',

    CONSTRAINT "IcpScore_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Draft" (
    "id" SERIAL NOT NULL,
    "leadId" INTEGER NOT NULL,
    "angle" TEXT NOT NULL,
    "variantKey" TEXT NOT NULL,
    "hypothesis" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Draft_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Touchpoint" (
    "id" SERIAL NOT NULL,
    "leadId" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "Touchpoint_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Lead_name_idx" ON "Lead"("name");

-- CreateIndex
CREATE INDEX "Lead_companyName_idx" ON "Lead"("companyName");

-- CreateIndex
CREATE INDEX "Lead_email_idx" ON "Lead"("email");

-- CreateIndex
CREATE INDEX "Lead_updatedAt_idx" ON "Lead"("updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "SourceSignal_leadId_key" ON "SourceSignal"("leadId");

-- CreateIndex
CREATE UNIQUE INDEX "IcpScore_leadId_key" ON "IcpScore"("leadId");

-- CreateIndex
CREATE INDEX "Draft_leadId_idx" ON "Draft"("leadId");

-- CreateIndex
CREATE INDEX "Touchpoint_leadId_idx" ON "Touchpoint"("leadId");

-- AddForeignKey
ALTER TABLE "SourceSignal" ADD CONSTRAINT "SourceSignal_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IcpScore" ADD CONSTRAINT "IcpScore_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Draft" ADD CONSTRAINT "Draft_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Touchpoint" ADD CONSTRAINT "Touchpoint_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE CASCADE ON UPDATE CASCADE;

