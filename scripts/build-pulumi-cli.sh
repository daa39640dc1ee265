#!/usr/bin/env bash
# Builds the Pulumi CLI from the github.com/pulumi/pulumi Go modules, at the version of @pulumi/pulumi
# in package-lock.json, plus the Node.js language host, into a cache outside the repository keyed by
# version. Pulumi's download site is out of reach here; the Go module proxy is not. Does nothing when
# the cached build is complete. Prints the bin directory as its last line (progress goes to stderr).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version=$(node -p "require('$root/package-lock.json').packages['node_modules/@pulumi/pulumi'].version")
cache=${PULUMI_CLI_CACHE:-$HOME/.cache/pulumi-realtimekit}/pulumi-v$version
bin=$cache/bin
launcher=$root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs
log() { printf '[pulumi-cli] %s\n' "$*" >&2; }

complete() {
  [ -x "$bin/pulumi" ] && [ -x "$bin/pulumi-language-nodejs" ] && [ -x "$bin/pulumi-resource-pulumi-nodejs" ] &&
    [ "$("$bin/pulumi" version 2>/dev/null)" = "v$version" ]
}

# build MODULE_DIR PACKAGE OUTPUT STAMP: builds one main package from a wrapper module, as Pulumi's
# release does (no cgo, these tags), with the version stamped so `pulumi version` prints it.
build() {
  local src=$cache/src/$1
  mkdir -p "$src"
  sed -e "s/@VERSION@/v$version/g" "$root/scripts/pulumi-cli/$1/go.mod.in" > "$src/go.mod"
  cp "$root/scripts/pulumi-cli/$1/tools.go" "$src/"
  (cd "$src" && go mod tidy && CGO_ENABLED=0 go build -trimpath -tags osusergo,grpcnotrace \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$4" -o "$bin/$3" "$2") >&2
}

if complete; then
  log "cached: $bin (v$version)"
  echo "$bin"
  exit 0
fi
command -v go >/dev/null || { log "Go is needed to build the Pulumi CLI and is not on PATH"; exit 1; }
[ -f "$launcher" ] || { log "run 'npm ci' first: $launcher is missing"; exit 1; }
mkdir -p "$bin"
start=$(date +%s)
log "building pulumi v$version from Go modules into $bin (cold: about 5-30 minutes)"
build cli github.com/pulumi/pulumi/pkg/v3/cmd/pulumi pulumi "v$version"
log "building pulumi-language-nodejs (from sdk/v3 v3.68.0)"
build language-host github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs pulumi-language-nodejs v3.68.0
# The dynamic-provider launcher is a shell script that ships in the npm package.
install -m 0755 "$launcher" "$bin/pulumi-resource-pulumi-nodejs"
complete || { log "the build finished but $bin is incomplete"; exit 1; }
log "built $("$bin/pulumi" version) in $(( $(date +%s) - start ))s"
echo "$bin"
