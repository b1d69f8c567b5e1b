-- CreateTable
CREATE TABLE "SessionEpoch" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "epoch" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL
);
