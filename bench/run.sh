#!/usr/bin/env bash
# The whole benchmark, as BENCHMARKS.md reports it: publishes the assistant and the echo server (Release, ReadyToRun,
# as deployed), installs dotnet-counters for the GC heap figure, runs the service scenarios and then the knowledge
# matcher benchmarks. Everything is printed to stdout. With Node.js on the machine it also installs the JS SDK survey
# bot (bench/survey-peer, `npm ci` from its package-lock.json) for the side-by-side run over /api/messages.
#
#   bench/run.sh            full run (about 9 minutes on a 2-core machine)
#   bench/run.sh --smoke    every scenario once, briefly, and the matcher's plain timing loop (a check that it works)
#
# Other arguments are passed to the service command (see `dotnet run --project bench/Assistant.Bench -- --help`).
set -euo pipefail
cd "$(dirname "$0")/.."

started=$(date +%s)
smoke=false
for arg in "$@"; do [ "$arg" = "--smoke" ] && smoke=true; done

dotnet publish src/Assistant.Web -c Release -o bench/out/server -v quiet -nologo
dotnet publish bench/Assistant.Bench.Echo -c Release -o bench/out/echo -v quiet -nologo
if [ ! -x bench/.tools/dotnet-counters ]; then
  dotnet tool install dotnet-counters --version 10.0.750501 --tool-path bench/.tools >/dev/null
fi
if command -v node >/dev/null && command -v npm >/dev/null; then
  (cd bench/survey-peer && npm ci --no-audit --no-fund --loglevel=error)
else
  echo "Node.js not found: the side-by-side run against the JS SDK peer is skipped"
fi
dotnet build bench/Assistant.Bench -c Release -v quiet -nologo
dotnet publish bench/Assistant.Bench -c Release -o bench/out/bench -v quiet -nologo

status=0
dotnet run -c Release --no-build --project bench/Assistant.Bench -- service "$@" || status=$?
if [ "$smoke" = true ]; then
  dotnet run -c Release --no-build --project bench/Assistant.Bench -- knowledge-latency --quick --calls 2000 || status=$?
else
  dotnet run -c Release --no-build --project bench/Assistant.Bench -- knowledge-latency || status=$?
  # Quality on the evaluation set, and the cold index build as the published (ahead-of-time compiled) server pays it.
  bench/out/bench/Assistant.Bench knowledge-eval || status=$?
  # Cross-validation over the sample questions, and the answering policy it chooses.
  bench/out/bench/Assistant.Bench knowledge-cv || status=$?
fi

echo "bench/run.sh took $(( $(date +%s) - started )) s in total (publishing included)"
exit $status
