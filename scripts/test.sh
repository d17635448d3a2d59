#!/usr/bin/env bash
# Runs the whole test suite on a fresh Debian/Ubuntu machine: installs the system packages the
# offscreen-rendering tests need (Mesa's software Vulkan/GL drivers), then `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for pkg in mesa-vulkan-drivers libvulkan1 libegl1 libegl-mesa0 libgl1-mesa-dri; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "Installing system packages for offscreen rendering: ${need[*]}"
    $sudo apt-get update -q || TMPDIR=/var/tmp $sudo apt-get update -q || true
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${need[@]}" \
      || DEBIAN_FRONTEND=noninteractive TMPDIR=/var/tmp $sudo apt-get install -y -q "${need[@]}"
  else
    echo "warning: not a Debian/Ubuntu machine; install Mesa's Vulkan (lavapipe) or EGL drivers yourself" >&2
  fi
fi

# Quiet Mesa/winit noise about a missing runtime dir.
if [ -z "${XDG_RUNTIME_DIR:-}" ] || [ ! -d "${XDG_RUNTIME_DIR}" ]; then
  export XDG_RUNTIME_DIR="$(mktemp -d)"
  chmod 700 "$XDG_RUNTIME_DIR"
fi

cargo test --locked "$@"
