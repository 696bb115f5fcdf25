#!/usr/bin/env python3
"""Edit-to-preview latency, side by side: `pamphleteer serve` against typst-py's
incremental `Compiler`, after the same one-word edit in the middle of the book.

For us the time runs from the moment the edited chapter is saved to the moment every
print page whose content changed has been served by the preview as the SVG document
its page shows (the watch notices the save, waits for it to settle, rebuilds,
fingerprints the pages, and paints the changed ones on request), fetched one after
another (a browser fetches several at once; a one-word edit changes one page or two).
For Typst it runs from the save of the `.typ` to the end of `Compiler.compile()` (a
PDF in memory; Typst's own preview would add rendering). Both sides are warm: the
first build or compile is not counted.

Usage: benches/preview.py [EDITS] [SCALE...]   (default 10 edits, scales 1 and 30; prints medians)
Needs: a release build (cargo build --release) and `pip install typst pypandoc-binary`.
PAMPHLETEER_BIN=path measures that binary instead of building target/release/pamphleteer.
"""
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import tomllib
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EDITS = int(sys.argv[1]) if len(sys.argv) > 1 else 10
WORK = ROOT / "target" / "bench-preview"
BIN = Path(os.environ.get("PAMPHLETEER_BIN", ROOT / "target" / "release" / "pamphleteer"))
SCALES = [int(a) for a in sys.argv[2:]] or [1, 30]


def project(scale):
    proj = WORK / f"x{scale}"
    subprocess.run([sys.executable, ROOT / "benches/scale.py", ROOT, proj, str(scale)], check=True)
    man = proj / "manuscript"
    chapters = [man / c for c in tomllib.load(open(man / "book.toml", "rb"))["book"]["chapters"]]
    import pypandoc

    typ = proj / "pamphlet.typ"
    subprocess.run(
        [pypandoc.get_pandoc_path(), "-f", "markdown+smart", "-t", "typst", "--standalone",
         "--citeproc", "--bibliography", man / "references.bib", "-M", "title=Pamphlet",
         "-V", "papersize=a5", "-V", "fontsize=10.5pt", *chapters, "-o", typ],
        check=True)
    return proj, chapters, typ


def edits(text):
    """Alternately swap one word in the middle of the text and back."""
    words = [m for m in re.finditer(r"\b[a-z]{6,}\b", text)]
    word = words[len(words) // 2]
    a, b = word.group(0), word.group(0)[::-1]
    for i in range(EDITS):
        yield text[: word.start()] + (b if i % 2 == 0 else a) + text[word.end():]


def get(url):
    with urllib.request.urlopen(url) as r:
        return r.read()


def status_events(url):
    """The preview's event stream, as the page follows it: each status as it changes."""
    stream = urllib.request.urlopen(url + "events")
    data = None
    for raw in stream:
        line = raw.decode().rstrip("\n")
        if line.startswith("data: "):
            data = json.loads(line[6:])
        elif line == "" and data is not None:
            yield data
            data = None


def ours(proj, chapters):
    server = subprocess.Popen([BIN, "serve", proj, "--port", "0"], stderr=subprocess.PIPE, text=True)
    try:
        url = None
        for line in server.stderr:
            m = re.search(r"at (http://\S+/)", line)
            if m:
                url = m.group(1)
                break
        # The server's own messages are not read from here on: let them drain.
        threading.Thread(target=lambda: [None for _ in server.stderr], daemon=True).start()
        events = status_events(url)
        state = next(events)
        chapter = chapters[len(chapters) // 2]
        original = chapter.read_text()
        times, builds = [], []
        for text in edits(original):
            before = state
            t0 = time.perf_counter()
            chapter.write_text(text)
            # Like the page: wait for the event that says a newer build is done.
            for state in events:
                if state["version"] > before["version"] and not state["building"]:
                    break
            changed = [k for i, k in enumerate(state["pages"])
                       if i >= len(before["pages"]) or before["pages"][i] != k]
            for key in changed:
                get(f"{url}print/{key}.svg")
            times.append(time.perf_counter() - t0)
            builds.append(state["build_ms"] / 1000)
            time.sleep(0.2)
        chapter.write_text(original)
        return times, builds
    finally:
        server.terminate()
        server.wait()


def typst(typ):
    import typst as t

    compiler = t.Compiler(str(typ))
    compiler.compile()
    original = typ.read_text()
    times = []
    for text in edits(original):
        t0 = time.perf_counter()
        typ.write_text(text)
        compiler.compile()
        times.append(time.perf_counter() - t0)
    typ.write_text(original)
    return times


def main():
    if "PAMPHLETEER_BIN" not in os.environ:
        subprocess.run(["cargo", "build", "--release", "-q"], cwd=ROOT, check=True)
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    print(f"{EDITS} one-word edits per scale, medians (ms)")
    print(f"{'':6} {'pamphleteer serve':>18} {'of which rebuild':>17} {'typst Compiler':>15} {'ratio':>7}")
    for scale in SCALES:
        proj, chapters, typ = project(scale)
        mine, builds = ours(proj, chapters)
        theirs = typst(typ)
        m, t = statistics.median(mine) * 1000, statistics.median(theirs) * 1000
        b = statistics.median(builds) * 1000
        print(f"{str(scale) + 'x':6} {m:18.0f} {b:17.0f} {t:15.0f} {m / t:7.2f}"
              f"   (load {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
