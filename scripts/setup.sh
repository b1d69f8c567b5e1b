#!/usr/bin/env bash
# Idempotent setup for a fresh machine: dependencies, the Temporal CLI, the Prisma clients, the
# database (SQLite or PostgreSQL by DATABASE_URL; migrated, seeded when empty) and a .env.
# Safe to run again; quick once done.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/lib/install-deps.sh
source scripts/lib/install-deps.sh
install_node_modules

[ -f .env ] || { cp .env.example .env; echo "leadsync: created .env from .env.example (set ATTIO_API_KEY there)."; }
set -a; source .env; set +a

bash scripts/ensure-temporal.sh >/dev/null
# Both Prisma clients: the app picks SQLite or PostgreSQL by DATABASE_URL's scheme.
npx prisma generate >/dev/null
npx prisma generate --config prisma/postgres/prisma.config.ts >/dev/null
mkdir -p .data
case "${DATABASE_URL:-file:}" in
  postgres://*|postgresql://*) npx prisma migrate deploy --config prisma/postgres/prisma.config.ts ;;
  *) npx prisma migrate deploy ;;
esac
npx tsx prisma/seed.ts
