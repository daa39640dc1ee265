#!/usr/bin/env bash
# What every npm script that runs Pulumi needs first: dist/ and the package installed in node_modules,
# each redone only when its sources changed, and the Pulumi CLI, built once per machine.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
node "$root/scripts/install-local.js"
bash "$root/scripts/build-pulumi-cli.sh" > /dev/null
