#!/bin/sh
# Builds the villkorsintag binary the way deploy/Dockerfile does (the
# Dockerfile runs this very script), so CI, which has no Docker engine,
# runs the same build steps. Vetting is CI's step (.ci/run), not the build's.
#
#   deploy/build.sh [OUTPUT]     default: ./villkorsintag
set -eu
cd "$(dirname "$0")/.."
out=${1:-./villkorsintag}
export CGO_ENABLED=1   # mattn/go-sqlite3
# The C of SQLite without debug information (Go's default is "-O2 -g"): the
# binary is stripped (-s -w) anyway, and the compile takes a fifth less.
# CI sets the same, so that its vet and tests share this build's cache.
export CGO_CFLAGS="${CGO_CFLAGS:--O2}"
go mod download
go build -trimpath -ldflags="-s -w" -o "$out" ./cmd/villkorsintag
"$out" version >/dev/null
echo "built $out"
