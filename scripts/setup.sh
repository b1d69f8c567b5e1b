#!/usr/bin/env bash
# Idempotent setup for a fresh machine: dependencies, the Temporal CLI, the Prisma client, the
# database (migrated, seeded when empty) and a .env. Safe to run again; quick once done.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/lib/install-deps.sh
source scripts/lib/install-deps.sh
install_node_modules

[ -f .env ] || { cp .env.example .env; echo "leadsync: created .env from .env.example (set ATTIO_API_KEY there)."; }
set -a; source .env; set +a

bash scripts/ensure-temporal.sh >/dev/null
npx prisma generate >/dev/null
mkdir -p .data
npx prisma migrate deploy
npx tsx prisma/seed.ts
