#!/usr/bin/env bash
# Side-by-side benchmark in one run on one machine: pamphleteer against pandoc
# (Markdown to EPUB with --citeproc) and Typst (an equivalent .typ to PDF), on the
# bundled pamphlet at 1x and 30x. Prints median wall time, CPU time and peak memory of
# each whole process, and the ratios to ours. Installs the peers from PyPI into
# target/bench/venv.
#
# Usage: benches/compare.sh [RUNS]      (default 5 runs per measurement)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
work=$root/target/bench
venv=$work/venv
mkdir -p "$work"

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q --disable-pip-version-check pypandoc-binary typst
pandoc=$("$venv/bin/python" -c 'import pypandoc; print(pypandoc.get_pandoc_path())')
(cd "$root" && cargo build --release -q)
ours=$root/target/release/pamphleteer

measure() { python3 "$root/benches/measure.py" "$runs" -- "$@"; }

results=$work/results.jsonl
: > "$results"
for scale in 1 30; do
  proj=$work/x$scale
  python3 "$root/benches/scale.py" "$root" "$proj" "$scale"
  man=$proj/manuscript
  chapters=$(python3 -c 'import sys,tomllib; print("\n".join(tomllib.load(open(sys.argv[1],"rb"))["book"]["chapters"]))' "$man/book.toml")
  mapfile -t files < <(printf '%s\n' "$chapters" | sed "s|^|$man/|")
  # The Typst input: pandoc writes the same manuscript as Typst markup (citations resolved).
  "$pandoc" -f markdown+smart -t typst --standalone --citeproc --bibliography "$man/references.bib" \
    -M title="Pamphlet" "${files[@]}" -o "$proj/pamphlet.typ"
  record() { printf '{"scale": %s, "tool": "%s", "m": %s}\n' "$scale" "$1" "$2" >> "$results"; }
  record "pamphleteer epub+pdf+booklet" "$(measure "$ours" build "$proj" --out "$proj/out")"
  record "pamphleteer pdf" "$(measure "$ours" build "$proj" --format pdf --out "$proj/out")"
  record "pamphleteer epub" "$(measure "$ours" build "$proj" --format epub --out "$proj/out")"
  record "pandoc epub" "$(measure "$pandoc" -f markdown+smart --citeproc --bibliography "$man/references.bib" \
    -M title="Pamphlet" "${files[@]}" -o "$proj/pandoc.epub")"
  record "typst pdf (python)" "$(measure "$venv/bin/python" -c 'import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2])' \
    "$proj/pamphlet.typ" "$proj/typst.pdf")"
  record "python + import typst" "$(measure "$venv/bin/python" -c 'import typst')"
done

python3 - "$results" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
by = {(r["scale"], r["tool"]): r["m"] for r in rows}
print(f"{'scale':>5}  {'tool':<30} {'wall s':>8} {'cpu s':>8} {'peak MiB':>9}")
for r in rows:
    m = r["m"]
    print(f"{r['scale']:>5}x {r['tool']:<30} {m['wall_s']:8.3f} {m['cpu_s']:8.3f} {m['peak_mib']:9.1f}")
print()
for s in (1, 30):
    ours = by[(s, "pamphleteer epub+pdf+booklet")]
    typst = by[(s, "typst pdf (python)")]
    base = by[(s, "python + import typst")]
    typst_net = max(typst["wall_s"] - base["wall_s"], 1e-9)
    pandoc = by[(s, "pandoc epub")]
    print(f"{s}x: Typst PDF (net of Python start-up) / ours all three outputs = {typst_net / ours['wall_s']:.1f}x wall; "
          f"pandoc EPUB / ours = {pandoc['wall_s'] / ours['wall_s']:.1f}x; "
          f"peak memory ours / Typst = {ours['peak_mib'] / typst['peak_mib']:.2f}")
o1, o30 = by[(1, "pamphleteer epub+pdf+booklet")], by[(30, "pamphleteer epub+pdf+booklet")]
print(f"growth: 30x takes {o30['wall_s'] / o1['wall_s']:.1f} times the 1x time (linear would be 30)")
PY
