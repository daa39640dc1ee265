#!/usr/bin/env bash
# Gets the Pulumi CLI, the language hosts a command needs and the dynamic-provider launcher into a
# cache outside the repository, keyed by the CLI's version. Pulumi's download site is out of reach
# here; the Go module proxy is not, so it builds them from Go modules, one phase per binary, skipping
# what the cache already holds.
#
# Which CLI: a `pulumi` on PATH of any version the peer range of @pulumi/pulumi in package.json
# allows (from its lower bound, below 4) is linked into the cache, with the hosts PATH has;
# otherwise the version of @pulumi/pulumi in package-lock.json is built. PULUMI_VERSION=x.y.z asks
# for exactly that version (PULUMI_VERSION=oldest: the range's lower bound), from PATH or built.
# PULUMI_CLI_SOURCE=path or =build forces one way.
#
# Arguments name the language hosts to get: nodejs, yaml, go; none means all three. Without
# PULUMI_VERSION, the cache's link `selected-v<locked version>` points at the bin directory chosen,
# which is where scripts/pulumi-env.ts looks. Prints the bin directory as its last line; progress
# goes to stderr.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
locked=$(node -p "require('$root/package-lock.json').packages['node_modules/@pulumi/pulumi'].version")
oldest=$(node -p "require('$root/package.json').peerDependencies['@pulumi/pulumi'].replace(/^\\^/, '')")
cache_root=${PULUMI_CLI_CACHE:-$HOME/.cache/pulumi-realtimekit}
launcher=$root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs
source=${PULUMI_CLI_SOURCE:-auto}
wanted=${PULUMI_VERSION:-}
[ "$wanted" != oldest ] || wanted=$oldest
log() { printf '[pulumi-cli] %s\n' "$*" >&2; }
. "$root/scripts/go-build.conf"
read -r -a go_build_flags <<< "$GO_BUILD_FLAGS"

case $source in
  auto | path | build) ;;
  *) log "PULUMI_CLI_SOURCE must be 'path', 'build' or unset, not '$source'"; exit 1 ;;
esac
[ $# -gt 0 ] || set -- nodejs yaml go
hosts=()
for language in "$@"; do
  case $language in
    nodejs | yaml | go) hosts+=("pulumi-language-$language") ;;
    *) log "unknown language host '$language': name nodejs, yaml or go"; exit 1 ;;
  esac
done

version_of() { "$1" version 2>/dev/null | sed -n 's/^v//p'; }
# Within the peer range: 3.x.y from its lower bound on.
supported() { [[ $1 =~ ^3\.[0-9]+\.[0-9]+$ ]] && [ "$(printf '%s\n' "$oldest" "$1" | sort -V | head -1)" = "$oldest" ]; }

# "<path> <version>" of the `pulumi` on PATH when it is the version asked for (any supported one when
# none is) and not one of this cache's own.
pulumi_on_path() {
  local found found_version
  found=$(command -v pulumi) || return 1
  found_version=$(version_of "$found")
  if [ -n "$wanted" ]; then [ "$found_version" = "$wanted" ] || return 1; else supported "$found_version" || return 1; fi
  [[ $(realpath -m "$found") != "$(realpath -m "$cache_root")"/* ]] && echo "$found $found_version"
}

from_path=
if [ "$source" != build ] && read -r found version < <(pulumi_on_path); then
  from_path=$found
elif [ "$source" = path ]; then
  if [ -n "$wanted" ]; then asked="v$wanted"; else asked="of a supported version (>= $oldest, < 4)"; fi
  log "PULUMI_CLI_SOURCE=path, but no pulumi $asked is on PATH"
  exit 1
else
  version=${wanted:-$locked}
fi
bin=$cache_root/pulumi-v$version/bin

# One run per version at a time: a second run for it (the test that needs the oldest CLI, while npm test builds that CLI
# in the background; see scripts/beside-oldest-cli.sh) waits for the first, then finds it cached.
mkdir -p "$cache_root"
exec 9> "$cache_root/pulumi-v$version.lock"
flock -n 9 || { log "waiting for another run of this script for v$version to finish"; flock 9; }

# Whether a binary of the cache was built with scripts/go-build.conf's settings, which `go version -m` reads from it, so
# that a change there rebuilds it. A link to an installed binary is taken as it is, and so is everything without Go,
# which could not rebuild it.
built_as_configured() {
  [ ! -L "$1" ] && command -v go > /dev/null || return 0
  local settings flag
  settings=$(GOTOOLCHAIN=local go version -m "$1" 2> /dev/null) || return 1
  for flag in "CGO_ENABLED=$CGO_ENABLED" "${go_build_flags[@]}"; do
    [[ $flag == *=* ]] || flag=$flag=true
    grep -qxF $'\tbuild\t'"$flag" <<< "$settings" || return 1
  done
}

# The cache is complete when every binary asked for is there, built as configured, the CLI prints its
# version, and it came from where PULUMI_CLI_SOURCE asks (a link for path, a build for build).
complete() {
  for name in pulumi "${hosts[@]}"; do [ -x "$bin/$name" ] && built_as_configured "$bin/$name" || return 1; done
  [ -x "$bin/pulumi-resource-pulumi-nodejs" ] || return 1
  [ "$(version_of "$bin/pulumi")" = "$version" ] || return 1
  case $source in
    path) [ -L "$bin/pulumi" ] ;;
    build) [ ! -L "$bin/pulumi" ] ;;
  esac
}

# Links the CLI on PATH into the cache, and each language host asked for that PATH has and the cache lacks.
link_from_path() {
  ln -sfn "$1" "$bin/pulumi"
  for name in "${hosts[@]}"; do
    [ -x "$bin/$name" ] || ! command -v "$name" > /dev/null || ln -sfn "$(command -v "$name")" "$bin/$name"
  done
}

# The bin directory chosen, where scripts/pulumi-env.ts looks; on stdout as the last line.
chosen() {
  [ -n "$wanted" ] || ln -sfn "$bin" "$cache_root/selected-v$locked"
  echo "$bin"
}

# progress LABEL WHAT PATTERN [TOTAL]: counts the lines matching PATTERN (a package compiled, a module
# downloaded), with a line every 5 seconds and one at the end; other lines (errors) pass through.
progress() {
  local label=$1 what=$2 pattern=$3 of=${4:+/$4} count=0 next=$((SECONDS + 5)) line
  while IFS= read -r line; do
    if [[ $line =~ $pattern ]]; then count=$((count + 1)); else printf '%s\n' "$line" >&2; fi
    if ((SECONDS >= next)); then
      log "  $label: $count$of $what"
      next=$((SECONDS + 5))
    fi
  done
  log "  $label: $count$of $what"
}

# build NAME MODULE_DIR PACKAGE LDFLAGS: one main package from a wrapper module (scripts/pulumi-cli/),
# as Pulumi's releases build it (scripts/go-build.conf), stripped, the version stamped by LDFLAGS.
# -mod=mod instead of `go mod tidy`: it fetches only the modules this package needs (tidy fetched
# twice as many for the YAML host, 1.5 GB against 0.5 GB), and costs nothing once they are cached.
build() {
  local name=$1 src=$cache_root/pulumi-v$version/src/$2 package=$3 ldflags=$4 start=$SECONDS total
  local flags=(-mod=mod "${go_build_flags[@]}")
  mkdir -p "$src"
  sed -e "s/@VERSION@/v$version/g" "$root/scripts/pulumi-cli/$2/go.mod.in" > "$src/go.mod"
  log "$name: downloading modules"
  CGO_ENABLED=$CGO_ENABLED go -C "$src" list "${flags[@]}" -deps "$package" 2>&1 > "$src/packages" |
    progress "$name" "modules downloaded" '^go: downloading '
  total=$(wc -l < "$src/packages")
  log "$name: compiling $total packages (fewer when the Go build cache has some)"
  rm -f "$bin/$name"
  CGO_ENABLED=$CGO_ENABLED go -C "$src" build -v "${flags[@]}" -ldflags "-s -w $ldflags" -o "$bin/$name" "$package" 2>&1 |
    progress "$name" "packages compiled" '^[[:alnum:]_./~+-]+$' "$total"
  log "$name: built in $((SECONDS - start))s"
}

if complete; then
  log "cached: $bin (v$version)"
  chosen
  exit 0
fi
[ -f "$launcher" ] || { log "run 'npm ci' first: $launcher is missing"; exit 1; }
mkdir -p "$bin"
if [ "$source" = build ]; then
  find "$bin" -maxdepth 1 -type l -delete # links to a CLI on PATH make way for built binaries
elif [ -n "$from_path" ]; then
  log "using $from_path (v$version, on PATH) instead of building; PULUMI_CLI_SOURCE=build builds v${wanted:-$locked} from Go modules"
  link_from_path "$from_path"
fi

start=$SECONDS
missing() { [ ! -x "$bin/$1" ] || ! built_as_configured "$bin/$1" || { [ "$1" = pulumi ] && [ "$(version_of "$bin/pulumi")" != "$version" ]; }; }
for name in pulumi "${hosts[@]}"; do
  missing "$name" || continue
  command -v go > /dev/null || { log "Go is needed to build the Pulumi CLI (v$version into $bin) and is not on PATH"; exit 1; }
  log "building into $bin from Go modules (cold: 4 to 10 minutes on 2 quiet cores, more on busy ones; later runs reuse it)"
  break
done
version_flag=github.com/pulumi/pulumi/sdk/v3/go/common/version.Version
build_cli() {
  missing pulumi || return 0
  build pulumi cli github.com/pulumi/pulumi/pkg/v3/cmd/pulumi "-X $version_flag=v$version"
}
build_hosts() {
  for name in "${hosts[@]}"; do
    missing "$name" || continue
    case $name in
    # sdk/v3 v3.68.0: the last release that holds this host (later ones are not served here).
    pulumi-language-nodejs) build "$name" nodejs-host github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs "-X $version_flag=v3.68.0" ;;
    pulumi-language-yaml)
      yaml_version=$(awk '$1 == "require" && $2 == "github.com/pulumi/pulumi-yaml" { print $3 }' "$root/scripts/pulumi-cli/yaml-host/go.mod.in")
      build "$name" yaml-host github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml "-X github.com/pulumi/pulumi-yaml/pkg/version.Version=$yaml_version" ;;
    # sdk/v3 v3.66.0: the last release that holds this host (later ones are not served here).
    pulumi-language-go) build "$name" go-host github.com/pulumi/pulumi/sdk/v3/go/pulumi-language-go "-X $version_flag=v3.66.0" ;;
    esac
  done
}
# The hosts build beside the CLI (one after another among themselves), not after it: the CLI's build leaves a core idle
# while it downloads its modules and while it links, and the hosts share few packages with it (about 40 of their
# 310 outside the standard library), so little is compiled twice. Each job keeps its own errexit; both are awaited, so
# none outlives the script.
build_cli &
cli_job=$!
build_hosts &
hosts_job=$!
failed=0
wait "$cli_job" || failed=1
wait "$hosts_job" || failed=1
[ "$failed" = 0 ] || { log "build failed (see above)"; exit 1; }
# The dynamic-provider launcher is a shell script that ships in the npm package.
install -m 0755 "$launcher" "$bin/pulumi-resource-pulumi-nodejs"
complete || { log "finished, but $bin is incomplete"; exit 1; }
log "ready: $("$bin/pulumi" version) in $bin ($((SECONDS - start))s)"
chosen
