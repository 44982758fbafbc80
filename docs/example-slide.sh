#!/bin/sh
# Re-renders docs/example-slide.png, the README's picture: slide 5 of the example deck at 72 dpi
# (needs deckgen installed, LibreOffice and poppler; see the README's set-up).
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
deckgen build slides.yaml -o "$tmp/example.pptx"
soffice --headless --convert-to pdf --outdir "$tmp" "$tmp/example.pptx" >/dev/null
pdftoppm -png -r 72 -f 5 -l 5 -singlefile "$tmp/example.pdf" docs/example-slide
