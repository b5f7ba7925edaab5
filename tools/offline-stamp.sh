#!/bin/sh
# Stamps a built site for offline use: writes SITE/sw.js, the service worker of www/sw.js
# headed by the site's content hash and each file's SHA-256 (every file below SITE but sw.js).
# The site build runs it last. An unchanged build writes the same sw.js, so browsers keep
# what they saved; a change to any file gives a new sw.js, which they pick up.
#
#   tools/offline-stamp.sh dist
set -eu
site=${1:?usage: tools/offline-stamp.sh SITE_DIR}
source=$(cd "$(dirname "$0")/.." && pwd)/www/sw.js
cd "$site"
rm -f sw.js
sums=$(find . -type f -printf '%P\n' | LC_ALL=C sort | xargs -d '\n' sha256sum)
# The worker's own code counts too: a change to it alone is a new version.
version=$({ printf '%s\n' "$sums"; sha256sum < "$source"; } | sha256sum | cut -c1-16)
{
  echo "// Written by tools/offline-stamp.sh from www/sw.js: this build's files and their hashes."
  echo "const VERSION = \"$version\";"
  echo "const FILES = {"
  printf '%s\n' "$sums" | awk '{ printf "  \"%s\": \"%s\",\n", $2, $1 }'
  echo "};"
  echo
  cat "$source"
} > sw.js
echo "offline: $site/sw.js, version $version, $(printf '%s\n' "$sums" | wc -l) files"
