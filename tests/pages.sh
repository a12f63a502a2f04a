#!/bin/sh
# Renders the pages the README and docs/guide/output.md show: page 1 of the reference report,
# and page 1 and the first two pages of the national form's table 三 of the table example, as
# small PNGs in docs/.
# Needs poppler-utils (pdftoppm, pdftotext). Run from the repository root after `cargo build`.
set -eu
bin=${GONGWEN:-target/debug/gongwen}
[ -x "$bin" ] || { echo "build first: cargo build (or set GONGWEN=path/to/gongwen)" >&2; exit 2; }
command -v pdftoppm >/dev/null || { echo "install poppler-utils (pdftoppm)" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# (-q still prints the reference report's known figure warning; a failed build stops the script)
"$bin" build data/xinxiang-2015.toml --pdf --no-system-fonts -q -o "$out" 2>/dev/null || [ -s "$out/xinxiang-2015.pdf" ]
"$bin" build data/example-tables.toml --pdf --no-system-fonts -q -o "$out"
render() { # PDF PAGE NAME
    pdftoppm -png -r 50 -f "$2" -l "$2" -singlefile "$1" "docs/$3"
    echo "docs/$3.png"
}
render "$out/xinxiang-2015.pdf" 1 reference-page1
render "$out/example-tables.pdf" 1 tables-page1
pages=$(pdfinfo "$out/example-tables.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
# The form's table 三 (its header names 申请人情况): its first page, and the next page it runs onto
# (header and group label repeated).
found=0
n=1
while [ "$n" -le "$pages" ] && [ "$found" -lt 2 ]; do
    if pdftotext -f "$n" -l "$n" "$out/example-tables.pdf" - 2>/dev/null | grep -q "申请人情况"; then
        found=$((found + 1))
        if [ "$found" -eq 1 ]; then name=tables-form; else name=tables-form-next; fi
        render "$out/example-tables.pdf" "$n" "$name"
    fi
    n=$((n + 1))
done
