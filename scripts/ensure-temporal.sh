#!/usr/bin/env bash
# Makes the official Temporal CLI available and prints its absolute path on stdout.
# Order: $TEMPORAL_BIN, a `temporal` on PATH, a cached build outside the checkout, a fresh
# `go install ...@v1.5.1` into that cache, and finally the official release download.
# Idempotent: once cached, it returns at once. Progress goes to stderr.
set -euo pipefail

VERSION="v1.5.1"
CACHE_DIR="${LEADSYNC_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/leadsync}"
BIN_DIR="$CACHE_DIR/temporal-$VERSION"
BIN="$BIN_DIR/temporal"

works() { [ -x "$1" ] && "$1" --version >/dev/null 2>&1; }

if [ -n "${TEMPORAL_BIN:-}" ] && works "$TEMPORAL_BIN"; then echo "$TEMPORAL_BIN"; exit 0; fi
if command -v temporal >/dev/null 2>&1 && works "$(command -v temporal)"; then command -v temporal; exit 0; fi
if works "$BIN"; then echo "$BIN"; exit 0; fi

mkdir -p "$BIN_DIR"
if command -v go >/dev/null 2>&1; then
  echo "leadsync: building the Temporal CLI $VERSION with go install (a few minutes, once)..." >&2
  start=$(date +%s)
  # v1.5.1 is the newest tag without a replace directive, so go install works (toolchain.md).
  if GOBIN="$BIN_DIR" GOFLAGS="-mod=mod" go install "github.com/temporalio/cli/cmd/temporal@$VERSION" >&2; then
    echo "leadsync: Temporal CLI built in $(( $(date +%s) - start ))s -> $BIN" >&2
  fi
fi
if ! works "$BIN"; then
  echo "leadsync: no Go build; trying the official release download..." >&2
  os=$(uname -s | tr '[:upper:]' '[:lower:]'); arch=$(uname -m)
  case "$arch" in x86_64) arch=amd64;; aarch64|arm64) arch=arm64;; esac
  url="https://temporal.download/cli/archive/${VERSION#v}?platform=${os}&arch=${arch}"
  tmp=$(mktemp -d)
  if curl -fsSL --max-time 120 "$url" -o "$tmp/cli.tgz" && tar -xzf "$tmp/cli.tgz" -C "$tmp"; then
    mv "$tmp/temporal" "$BIN"; chmod +x "$BIN"
  fi
  rm -rf "$tmp"
fi
if ! works "$BIN"; then
  echo "leadsync: could not get the Temporal CLI. Install it (https://docs.temporal.io/cli) or Go >= 1.25 and retry." >&2
  exit 1
fi
echo "$BIN"
