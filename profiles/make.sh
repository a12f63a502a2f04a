#!/bin/sh
# Remakes FOGRA39L-argyll.icc, the CMYK characterisation `gongwen build --print` embeds as the
# PDF/X output intent, from Fogra's FOGRA39 measurement data as Debian's icc-profiles-free ships
# it (FOGRA39L.ti3, zlib licence), with ArgyllCMS's colprof (Debian package argyll).
# Needs: apt-get install icc-profiles-free argyll. Takes about 10 seconds.
set -eu
cd "$(dirname "$0")"
t=$(mktemp -d)
cp /usr/share/color/icc/FOGRA39L.ti3 "$t/"
colprof -ql -kr -l330 -L95 \
  -D "gongwen FOGRA39 (ISO 12647-2 coated), ArgyllCMS colprof from FOGRA39L.ti3" \
  -C "Made from FOGRA39L.ti3 of icc-profiles-free (zlib licence, Kai-Uwe Behrmann; data by Fogra). Altered: an ICC profile made from it." \
  "$t/FOGRA39L" >/dev/null
cp "$t/FOGRA39L.icc" FOGRA39L-argyll.icc
rm -rf "$t"
