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
hdiutil create -volname "Paper Wealth" -srcfolder "$STAGE" -ov -format UDZO "$DMG"
rm -rf "$STAGE"
if [ -n "${MACOS_CODESIGN_IDENTITY:-}" ]; then
  codesign --force --timestamp --sign "$MACOS_CODESIGN_IDENTITY" "$DMG"
fi
if [ -n "${APPLE_ID:-}" ] && [ -n "${APPLE_TEAM_ID:-}" ] && [ -n "${APPLE_APP_PASSWORD:-}" ]; then
  xcrun notarytool submit "$DMG" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
    --password "$APPLE_APP_PASSWORD" --wait
  xcrun stapler staple "$DMG"
fi
echo "$DMG"
