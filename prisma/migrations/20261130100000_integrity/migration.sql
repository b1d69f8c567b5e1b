-- AlterTable
ALTER TABLE "Lead" ADD COLUMN "attioCompanyKey" TEXT;
ALTER TABLE "Lead" ADD COLUMN "attioPersonKey" TEXT;

-- CreateTable
CREATE TABLE "AttioRecordClaim" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "owner" TEXT NOT NULL,
    "recordId" TEXT,
    "claimedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AppSetting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);
