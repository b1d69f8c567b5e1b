-- AlterTable
ALTER TABLE "Lead" ADD COLUMN "attioCompanyKey" TEXT;
ALTER TABLE "Lead" ADD COLUMN "attioPersonKey" TEXT;

-- CreateTable
CREATE TABLE "AttioRecordClaim" (
    "key" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "recordId" TEXT,
    "claimedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AttioRecordClaim_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "AppSetting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AppSetting_pkey" PRIMARY KEY ("key")
);
