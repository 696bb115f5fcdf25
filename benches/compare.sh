#!/usr/bin/env bash
# Side-by-side benchmark in one run on one machine: pamphleteer against pandoc
# (Markdown to EPUB with --citeproc) and Typst (an equivalent .typ to PDF), on the
# bundled pamphlet at 1x and 30x. Prints median wall time, CPU time and peak memory of
# each whole process, and the ratios to ours. Installs the peers from PyPI into
# target/bench/venv.
#
# Typst runs through its PyPI package (typst-py), so each Typst run also pays for
# starting Python and importing the module: that start-up is measured on its own
# ("python + import typst") and subtracted from Typst's wall and CPU time in the ratios;
# its memory is not subtracted (peak RSS does not add up), so Typst's peak is slightly
# flattering to us. Typst's input is pandoc's Typst output of the same manuscript
# (citations resolved by pandoc, outside the timing), on A5 at our 10.5 pt body size.
# Our wall time includes fsync of each output (output::write_atomic); the peers do not
# fsync. Wall time is noisy on a shared machine: CPU time is the steadier figure.
# Afterwards the evenness measurement (tests/evenness.rs) runs on our PDF and Typst's.
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
echo "pandoc $("$venv/bin/python" -c 'import pypandoc; print(pypandoc.get_pandoc_version())'), typst-py $("$venv/bin/pip" show typst 2>/dev/null | sed -n 's/^Version: //p')"
pandoc=$("$venv/bin/python" -c 'import pypandoc; print(pypandoc.get_pandoc_path())')
(cd "$root" && cargo build --release -q)
ours=$root/target/release/pamphleteer

measure() { python3 "$root/benches/measure.py" "$runs" -- "$@"; }
export SOURCE_DATE_EPOCH=1764115200

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
    -M title="Pamphlet" -V papersize=a5 -V fontsize=10.5pt "${files[@]}" -o "$proj/pamphlet.typ"
  record() { printf '{"scale": %s, "tool": "%s", "m": %s}\n' "$scale" "$1" "$2" >> "$results"; }
  record "pamphleteer epub+pdf+booklet" "$(measure "$ours" build "$proj" --format epub,pdf,booklet --out "$proj/out")"
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
    pandoc = by[(s, "pandoc epub")]
    net = {k: max(typst[k] - base[k], 1e-9) for k in ("wall_s", "cpu_s")}
    print(f"{s}x: Typst PDF (net of Python start-up) / ours (EPUB+PDF+booklet): "
          f"{net['wall_s'] / ours['wall_s']:.1f}x wall, {net['cpu_s'] / ours['cpu_s']:.1f}x CPU (target >= 10); "
          f"pandoc EPUB / ours: {pandoc['wall_s'] / ours['wall_s']:.1f}x wall, {pandoc['cpu_s'] / ours['cpu_s']:.1f}x CPU; "
          f"peak memory ours / Typst: {ours['peak_mib'] / typst['peak_mib']:.2f} (target <= 0.33)")
o1, o30 = by[(1, "pamphleteer epub+pdf+booklet")], by[(30, "pamphleteer epub+pdf+booklet")]
print(f"growth: 30x takes {o30['wall_s'] / o1['wall_s']:.1f} times the 1x wall time, "
      f"{o30['cpu_s'] / o1['cpu_s']:.1f} times the CPU time (target <= 35)")
PY

# Evenness of our PDF and Typst's, at 1x (the same text).
echo
ours_pdf=$(ls "$work"/x1/out/*.pdf | grep -v -- '-booklet\.pdf$')
for pdf in "$ours_pdf" "$work/x1/typst.pdf"; do
  (cd "$root" && EVENNESS_PDF=$pdf cargo test -q --release --test it evenness::measure_a_given_pdf -- --ignored --nocapture 2>/dev/null | grep 'justified body lines')
done
