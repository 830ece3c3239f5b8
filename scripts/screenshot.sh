#!/usr/bin/env bash
# Regenerate docs/report.html from samples/ and its screenshot docs/report.png (headless Chromium).
# Installs Debian's chromium when it is missing and apt-get is there (as root).
#   scripts/screenshot.sh [WIDTHxHEIGHT]     (default 1280x2000)
set -euo pipefail
cd "$(dirname "$0")/.."
size="${1:-1280x2000}"
bin=".venv/bin"
[ -x "$bin/aidextract" ] || { echo "screenshot.sh: run 'make demo' (or 'make test') first to create .venv" >&2; exit 1; }

browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
    if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
        browser="$(command -v chromium)"
    else
        echo "screenshot.sh: chromium is not installed (apt-get install chromium, as root)" >&2
        exit 1
    fi
fi

mkdir -p docs
"$bin/aidextract" show samples/ --html docs/report.html
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
"$browser" --headless=new --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
    --user-data-dir="$profile" --window-size="${size/x/,}" \
    --screenshot=docs/report.png "file://$PWD/docs/report.html" 2>/dev/null
echo "wrote docs/report.html and docs/report.png ($size)" >&2

# docs/commitments.png: the consolidated view of our multi-article set (tests/tables/articles)
section="$(mktemp -d)"
"$bin/aidextract" show tests/tables/articles/ --html "$section/full.html"
SECTION="$section" "$bin/python" - <<'PY'
import os
folder = os.environ["SECTION"]
page = open(f"{folder}/full.html", encoding="utf-8").read()
head = page[:page.index("<main>") + len("<main>\n")]
start = page.index('<section class="card" id="commitments">')
end = page.index("</section>", start) + len("</section>\n")
open(f"{folder}/commitments.html", "w", encoding="utf-8").write(head + page[start:end] + "</main>\n</body>\n</html>\n")
PY
"$browser" --headless=new --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
    --user-data-dir="$profile" --window-size=1280,420 \
    --screenshot=docs/commitments.png "file://$section/commitments.html" 2>/dev/null
rm -rf "$section"

# docs/displacy_items.png: the stored German pipeline loaded with plain spaCy, its items shown by
# displaCy from doc.spans["items"] (the pipeline is a spaCy pipeline like any other)
spans="$(mktemp -d)"
SPANS="$spans" "$bin/python" - <<'PY'
import os
import spacy
from spacy import displacy

nlp = spacy.load("models/pipeline/de")
text = "\n\n".join(open("samples/de_germany_iris_t.txt", encoding="utf-8").read().split("\n\n")[:3])
html = displacy.render(nlp(text), style="span", options={"spans_key": "items"}, page=True)
open(os.environ["SPANS"] + "/items.html", "w", encoding="utf-8").write(html)
PY
"$browser" --headless=new --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
    --user-data-dir="$profile" --window-size=1280,900 \
    --screenshot=docs/displacy_items.png "file://$spans/items.html" 2>/dev/null
rm -rf "$spans"
echo "wrote docs/displacy_items.png" >&2
