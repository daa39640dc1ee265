#!/usr/bin/env bash
# What every npm script that runs Pulumi needs first: dist/ and the package installed in node_modules,
# each redone only when its sources changed; Node's compile cache kept bounded (scripts/compile-cache.ts);
# and the Pulumi CLI with the language hosts named as arguments (nodejs, yaml, go), built once per
# machine unless a supported pulumi is installed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
node "$root/scripts/install-local.js"
node "$root/dist/scripts/compile-cache.js"
bash "$root/scripts/build-pulumi-cli.sh" "$@" > /dev/null
