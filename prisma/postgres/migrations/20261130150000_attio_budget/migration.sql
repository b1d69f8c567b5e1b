-- CreateTable
CREATE TABLE "AttioBudget" (
    "kind" TEXT NOT NULL,
    "nextAt" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "AttioBudget_pkey" PRIMARY KEY ("kind")
);
