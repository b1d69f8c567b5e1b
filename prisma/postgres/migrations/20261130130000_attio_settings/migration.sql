-- AlterTable
ALTER TABLE "Lead" ADD COLUMN     "attioSettingsVersion" INTEGER;

-- CreateTable
CREATE TABLE "AttioSettings" (
    "id" SERIAL NOT NULL,
    "settings" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AttioSettings_pkey" PRIMARY KEY ("id")
);

