#!/usr/bin/env bash
# Runs the benchmarks in Release and writes their reports under bench/results/.
# Usage: bench/run.sh [reads [reviews] [seconds] | storefront [reviews] [seconds] | webhooks [events] | media [bytes] | emails [requests] | widget [reviews] [seconds] | dashboard [reviews] [seconds] | cluster [events/s] [seconds] | all]   (default all)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/Plaudit.Bench -c Release -v quiet -nologo
dotnet bench/Plaudit.Bench/bin/Release/net10.0/Plaudit.Bench.dll "$@"
