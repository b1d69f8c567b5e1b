-- CreateTable
CREATE TABLE "AttioBudget" (
    "kind" TEXT NOT NULL PRIMARY KEY,
    "nextAt" REAL NOT NULL
);
