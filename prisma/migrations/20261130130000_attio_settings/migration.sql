-- AlterTable
ALTER TABLE "Lead" ADD COLUMN "attioSettingsVersion" INTEGER;

-- CreateTable
CREATE TABLE "AttioSettings" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "settings" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

