-- CreateTable
CREATE TABLE "SessionEpoch" (
    "id" INTEGER NOT NULL,
    "epoch" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SessionEpoch_pkey" PRIMARY KEY ("id")
);
