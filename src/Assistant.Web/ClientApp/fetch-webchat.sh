#!/usr/bin/env bash
# Fetches dist/webchat.js of the botframework-webchat version pinned in package.json with `npm pack` (seconds, instead of
# `npm ci` of the whole dependency tree), checks the tarball against the integrity recorded in package-lock.json, and
# puts the bundle and its licence notices into the folder given as $1.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:?usage: fetch-webchat.sh OUTPUT_FOLDER}"
version=$(node -e "console.log(require('$here/package.json').dependencies['botframework-webchat'])")
expected=$(node -e "console.log(require('$here/package-lock.json').packages['node_modules/botframework-webchat'].integrity)")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "botframework-webchat@$version" >/dev/null)
tarball="$work/botframework-webchat-$version.tgz"
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$actual" != "$expected" ]; then
  echo "fetch-webchat: integrity mismatch for botframework-webchat@$version (expected $expected, got $actual)" >&2
  exit 1
fi
tar -xzf "$tarball" -C "$work" package/dist/webchat.js package/dist/webchat.js.LICENSE.txt package/LICENSE 2>/dev/null \
  || tar -xzf "$tarball" -C "$work" package/dist/webchat.js package/dist/webchat.js.LICENSE.txt
mkdir -p "$out"
cp "$work/package/dist/webchat.js" "$out/webchat.js"
cp "$work/package/dist/webchat.js.LICENSE.txt" "$out/webchat.js.LICENSE.txt"
[ -f "$work/package/LICENSE" ] && cp "$work/package/LICENSE" "$out/LICENSE" || true
echo "fetch-webchat: botframework-webchat@$version bundle ready in $out"
