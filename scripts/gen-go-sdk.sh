#!/usr/bin/env bash
# Writes the Go SDK of the plugin's schema into a folder (default: sdk/go, the checked-in SDK), as
# `pulumi package gen-sdk --language go` would, and tidies its go.mod. The schema is the compiled
# provider/plugin/schema.ts, what `pulumi package get-schema` prints from the plugin (its test says
# so), read without starting the plugin. The generator is the oldest supported Pulumi's (its go.mod says
# why) and builds with the CLI's settings (scripts/go-build.conf), so it reuses most of what the build of
# that CLI compiled.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/go-build.conf"
read -r -a go_build_flags <<< "$GO_BUILD_FLAGS"
folder=$(realpath -m "${1:-$root/sdk/go}")
node "$root/scripts/build.js"
mkdir -p "$folder"
node -p "JSON.stringify(require('$root/dist/provider/plugin/schema').schema)" |
  CGO_ENABLED=$CGO_ENABLED go -C "$root/scripts/gen-go-sdk" run -mod=mod "${go_build_flags[@]}" . "$folder"
go -C "$folder" mod tidy
