#!/usr/bin/env bash
# Peak RSS of Ferry at 10M rows, case (a) only (a full load into an empty table), one round.
# Issue 2 asks for peak RSS <= 300 MB with -Xmx256m at 10M rows as at 1M. Takes a few minutes:
# loading 10M rows, the reference \copy pipe, Ferry, and two checksums over 10M rows.
# Every setting of run-pg-to-pg.sh applies; these are only defaults.
set -euo pipefail
export ROWS=${ROWS:-10000000}
export ROUNDS=${ROUNDS:-1}
export CASES=${CASES:-a}
exec "$(dirname "${BASH_SOURCE[0]}")/run-pg-to-pg.sh" "$@"
