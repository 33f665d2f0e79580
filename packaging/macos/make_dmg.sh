#!/usr/bin/env bash
# Turn "Paper Wealth.app" into a .dmg; sign and notarize when configured.
#   make_dmg.sh "dist/Paper Wealth.app" dist/PaperWealth-<version>.dmg
# Optional environment (see packaging/README.md):
#   MACOS_CODESIGN_IDENTITY  "Developer ID Application: ..." (also used by the spec:
#                            PyInstaller then signs with the hardened runtime)
#   APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD   notarize with notarytool and staple
set -euo pipefail
APP="$1"
DMG="$2"
STAGE="$(mktemp -d)"
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
rm -f "$DMG"
# hdiutil fails now and then on CI machines ("Resource busy"): try a few times.
made=""
for attempt in 1 2 3 4 5; do
  if hdiutil create -volname "Paper Wealth" -srcfolder "$STAGE" -ov -format UDZO "$DMG"; then
    made=yes
    break
  fi
  echo "hdiutil create failed (attempt $attempt); retrying" >&2
  sleep $((attempt * 5))
done
[ -n "$made" ] || { echo "hdiutil create failed 5 times" >&2; exit 1; }
rm -rf "$STAGE"
if [ -n "${MACOS_CODESIGN_IDENTITY:-}" ]; then
  codesign --force --timestamp --sign "$MACOS_CODESIGN_IDENTITY" "$DMG"
fi
# Apple refuses to notarize an app that is not signed with a Developer ID.
if [ -n "${MACOS_CODESIGN_IDENTITY:-}" ] && [ -n "${APPLE_ID:-}" ] && [ -n "${APPLE_TEAM_ID:-}" ] \
   && [ -n "${APPLE_APP_PASSWORD:-}" ]; then
  xcrun notarytool submit "$DMG" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
    --password "$APPLE_APP_PASSWORD" --wait
  xcrun stapler staple "$DMG"
fi
echo "$DMG"
