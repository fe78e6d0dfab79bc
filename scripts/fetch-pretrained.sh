#!/usr/bin/env bash
# Fetches the pretrained dlib face-recognition ResNet (issue 15) into models/dlib-resnet/ (git-ignored):
#
#   models/dlib-resnet/face_recognition_model.bin                     6,444,032 bytes, the tensors' data
#   models/dlib-resnet/face_recognition_model-weights_manifest.json   names, shapes, dtypes, quantisation
#
# Source: the npm package @vladmandic/face-api@1.7.15 (MIT; the weights are Davis King's dlib
# dlib_face_recognition_resnet_model_v1, public domain), fetched with `npm pack` from the npm registry. Only the
# two files above are extracted from the tarball. Both are checked against the SHA-256 recorded below (observed
# on 2026-12-03 from the registry's tarball, whose own sha512 integrity npm checks while packing).
#
# Idempotent and offline once fetched: when both files are there with the right hashes the script says so and
# touches nothing (no network). A file with another hash is an error (it is not overwritten silently): delete
# models/dlib-resnet/ and run the script again. Nothing in the Java code downloads anything at run time.
#
# Usage: scripts/fetch-pretrained.sh        (from anywhere; the folder is relative to the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGE='@vladmandic/face-api@1.7.15'
DEST=models/dlib-resnet
BIN=face_recognition_model.bin
MANIFEST=face_recognition_model-weights_manifest.json
BIN_SHA256=b413e420d6840b2775fba32008db6f3cddb07d485967fb42cfcf379c16a8c589
MANIFEST_SHA256=cbaffa501b0b9275a12b63357a6843e7e30c054e1c9151e1a5f879b26e32986b

say() { echo "fetch-pretrained: $*"; }
die() { echo "fetch-pretrained: error: $*" >&2; exit 1; }

sha_of() { sha256sum "$1" | cut -d' ' -f1; }

# 0 when the file is there with the expected hash; 1 when absent; dies on a different hash.
check() {
  local file=$1 want=$2
  [[ -f $file ]] || return 1
  local got
  got=$(sha_of "$file")
  [[ $got == "$want" ]] || die "$file has SHA-256 $got, expected $want; delete $DEST/ and run $0 again"
  return 0
}

if check "$DEST/$BIN" "$BIN_SHA256" && check "$DEST/$MANIFEST" "$MANIFEST_SHA256"; then
  say "$DEST/ already holds $BIN and $MANIFEST (SHA-256 checked); nothing to fetch"
  exit 0
fi

if ! command -v npm >/dev/null; then
  [[ $(id -u) == 0 ]] || die "npm is not installed; install Debian's npm (sudo apt-get install npm) and run $0 again"
  say "installing Debian's npm (apt-get install npm) ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends npm >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
say "npm pack $PACKAGE (about 12.7 MB from the npm registry) ..."
(cd "$work" && npm pack --silent "$PACKAGE" >/dev/null) || die "npm pack $PACKAGE failed (is the npm registry reachable?)"
tgz=$(ls "$work"/*.tgz 2>/dev/null | head -1)
[[ -n $tgz ]] || die "npm pack $PACKAGE wrote no tarball"
tar -xzf "$tgz" -C "$work" "package/model/$BIN" "package/model/$MANIFEST" \
  || die "$tgz has no package/model/$BIN or package/model/$MANIFEST"

for pair in "$BIN:$BIN_SHA256" "$MANIFEST:$MANIFEST_SHA256"; do
  name=${pair%%:*} want=${pair#*:}
  got=$(sha_of "$work/package/model/$name")
  [[ $got == "$want" ]] || die "$name from $PACKAGE has SHA-256 $got, expected $want; nothing was written"
done

# Into place: each file is written under a temporary name in the destination folder and renamed, so an
# interrupted run never leaves a partial file under the real name.
mkdir -p "$DEST"
for name in "$BIN" "$MANIFEST"; do
  cp "$work/package/model/$name" "$DEST/.$name.part"
  mv -f "$DEST/.$name.part" "$DEST/$name"
done
say "wrote $DEST/$BIN ($(stat -c %s "$DEST/$BIN") bytes) and $DEST/$MANIFEST (SHA-256 checked)"
