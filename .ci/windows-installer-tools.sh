#!/usr/bin/env bash
# Optional: the tools that let CI prove the Windows installer on Linux
# (tests/test_windows_installer.py): Wine (Inno Setup's compiler and the Setup
# it makes are 32-bit Windows programs, hence wine32), a virtual screen (Setup
# opens a window station even when silent), and Inno Setup's compiler itself,
# which the npm package innosetup-compiler carries. Prints the ISCC.exe path.
set -euo pipefail
ISCC_DIR="${1:?usage: $0 DIR}"
if ! command -v wine >/dev/null || ! command -v Xvfb >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  dpkg --add-architecture i386
  apt-get update -qq || true   # a mirror's stale index must not stop the install
  apt-get install -y -qq --no-install-recommends wine wine64 wine32:i386 xvfb >/dev/null
fi
mkdir -p "$ISCC_DIR"
if [ ! -f "$ISCC_DIR/package/bin/ISCC.exe" ]; then
  (cd "$ISCC_DIR" && npm pack --silent innosetup-compiler@6.3.1 >/dev/null && tar xzf innosetup-compiler-6.3.1.tgz)
fi
# Wine that is installed but cannot run a 32-bit program (no wine32, a broken
# prefix) would make the test fail rather than skip: prove it runs ISCC first.
PROBE="$(mktemp -d)"
trap 'rm -rf "$PROBE"' EXIT
USAGE="$(WINEPREFIX="$PROBE/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" \
         timeout 180 wine "$ISCC_DIR/package/bin/ISCC.exe" "/?" 2>/dev/null || true)"  # usage exits 1
if ! grep -q "Inno Setup" <<<"$USAGE"; then
  echo "wine cannot run Inno Setup's compiler here" >&2
  exit 1
fi
WINEPREFIX="$PROBE/prefix" wineserver -k 2>/dev/null || true
echo "$ISCC_DIR/package/bin/ISCC.exe"
