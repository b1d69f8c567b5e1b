-- CreateTable
CREATE TABLE "Lead" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "role" TEXT,
    "companyName" TEXT,
    "companyDomain" TEXT,
    "email" TEXT,
    "linkedinUrl" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "attioPersonId" TEXT,
    "attioCompanyId" TEXT,
    "attioPersonUrl" TEXT,
    "attioCompanyUrl" TEXT,
    "attioSyncedAt" DATETIME,
    "attioSyncStatus" TEXT NOT NULL DEFAULT 'not_synced',
    "attioSyncError" TEXT,
    "attioLastRunAt" DATETIME,
    "attioLastWorkflowId" TEXT,
    "attioLastRunId" TEXT,
    "attioSnapshotHash" TEXT
);

-- CreateTable
CREATE TABLE "SourceSignal" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "leadId" INTEGER NOT NULL,
    "excerpt" TEXT NOT NULL,
    "sourceUrl" TEXT NOT NULL,
    "capturedAt" DATETIME NOT NULL,
    "angle" TEXT,
    CONSTRAINT "SourceSignal_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "IcpScore" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "leadId" INTEGER NOT NULL,
    "score" INTEGER NOT NULL,
    "reasons" TEXT NOT NULL DEFAULT '[]',
    CONSTRAINT "IcpScore_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Draft" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "leadId" INTEGER NOT NULL,
    "angle" TEXT NOT NULL,
    "variantKey" TEXT NOT NULL,
    "hypothesis" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Draft_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Touchpoint" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "leadId" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "sentAt" DATETIME,
    CONSTRAINT "Touchpoint_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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

