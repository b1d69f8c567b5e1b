# syntax=docker/dockerfile:1
# One image for the web app and the worker (docker-compose.yml picks the command).
#   docker build -t leadsync .
# The build needs no secrets and no database: configuration arrives at run time (.env).
# Node 22 (LTS); Node 20 reached its end of life in April 2026.

FROM node:22-bookworm-slim AS deps
WORKDIR /app
# Toolchain for native modules that fall back to a source build (better-sqlite3).
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1
# Both Prisma clients (SQLite and PostgreSQL); the app picks one by DATABASE_URL at run time.
RUN npx prisma generate \
 && npx prisma generate --config prisma/postgres/prisma.config.ts
# A throwaway SQLite URL: the build must not read a real .env or database.
RUN LEADSYNC_SKIP_DOTENV=1 DATABASE_URL=file:/tmp/leadsync-build.db npx next build web
# Dev-only packages (vitest, Playwright, the Temporal test server helpers) stay out of the image.
RUN npm prune --omit=dev --no-audit --no-fund

FROM node:22-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    LEADSYNC_SKIP_DOTENV=1
# The code stays root's: the runtime user can read it but not change it. Only Next's cache is its.
COPY --from=build /app /app
RUN mkdir -p /app/web/.next/cache && chown node:node /app/web/.next/cache
USER node
EXPOSE 3000
# The web app; the worker service overrides this with `tsx temporal/worker.ts`.
CMD ["node_modules/.bin/next", "start", "web", "--hostname", "0.0.0.0", "--port", "3000"]
