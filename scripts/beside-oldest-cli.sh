#!/usr/bin/env bash
# Runs the command given (npm test's jest) while the oldest supported Pulumi CLI (PULUMI_VERSION=oldest) is got in the
# background, at the lowest CPU priority: on a machine with nothing cached that is a second cold CLI build of minutes,
# which the suite's idle moments can absorb instead of the suite waiting for it. The one test that needs that CLI
# (tests/e2e/oldest-pulumi.test.ts) runs build-pulumi-cli.sh for it too, which waits for this run, then finds it cached.
# The background build ends with the command: it is awaited when the command succeeded (the test has awaited it
# already), stopped otherwise; its output is in oldest-cli.log of the CLI cache.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache_root=${PULUMI_CLI_CACHE:-$HOME/.cache/pulumi-realtimekit}
mkdir -p "$cache_root"
log=$cache_root/oldest-cli.log
PULUMI_VERSION=oldest setsid nice -n 19 bash "$root/scripts/build-pulumi-cli.sh" nodejs yaml > "$log" 2>&1 &
build=$!
"$@"
code=$?
if [ "$code" = 0 ]; then
  wait "$build" || { echo "the oldest Pulumi CLI's build failed (see $log):" >&2; tail -20 "$log" >&2; code=1; }
else
  kill -- -"$build" 2> /dev/null
  wait "$build" 2> /dev/null
fi
exit "$code"
