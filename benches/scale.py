#!/usr/bin/env python3
"""Makes an N-times pamphlet: the bundled manuscript's chapters repeated N times, with
unique note labels, as a new project (used by the benchmarks).

Usage: scale.py SOURCE_PROJECT DEST_PROJECT N
"""
import pathlib
import re
import shutil
import sys
import tomllib

src, dst, n = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), int(sys.argv[3])
man = src / "manuscript"
out = dst / "manuscript"
if dst.exists():
    shutil.rmtree(dst)
out.mkdir(parents=True)
book = tomllib.loads((man / "book.toml").read_text())
chapters = book["book"]["chapters"]
names = []
for i in range(n):
    for c in chapters:
        text = (man / c).read_text()
        text = re.sub(r"\[\^([^\]]+)\]", lambda m: f"[^{m.group(1)}-{i}]", text)
        name = f"{i:03}-{c}"
        (out / name).write_text(text)
        names.append(name)
toml = (man / "book.toml").read_text()
toml = re.sub(r"chapters\s*=\s*\[[^\]]*\]", "chapters = [" + ", ".join(f'"{x}"' for x in names) + "]", toml, flags=re.S)
(out / "book.toml").write_text(toml)
for extra in ("glossary.md", "references.bib"):
    if (man / extra).exists():
        shutil.copy(man / extra, out / extra)
