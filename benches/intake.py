#!/usr/bin/env python3
"""Benchmark `gongwen import DIR -o OUT --yearbook --keep-duplicates` on 100 submissions as
offices send them: the office fixtures (DOCX in four conventions, a government web page, text
copied from it) and the reference report's text, copied to 100 files. Target: under 5 s. Median
wall time over N runs.

--mixed adds the inbox (tests/fixtures/inbox/submissions: Word 97, WPS, ODT, RTF through
LibreOffice, two at a time; a PDF of the national form; a scan, an empty file, a broken and an
encrypted DOCX, refused), so that about a third of the 100 are converted by LibreOffice.

usage: benches/intake.py [--runs N] [--binary target/debug/gongwen] [--count 100] [--mixed]
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCES = [os.path.join(ROOT, "tests/fixtures/office", f)
           for f in ("typed.docx", "indent.docx", "list.docx", "wps.docx", "table.docx", "page.html", "web-copy.txt")]
SOURCES.append(os.path.join(ROOT, "tests/fixtures/reference/xinxiang-2015.txt"))

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--binary", default=os.path.join(ROOT, "target/debug/gongwen"))
    ap.add_argument("--mixed", action="store_true")
    a = ap.parse_args()
    if a.mixed:
        inbox_dir = os.path.join(ROOT, "tests/fixtures/inbox/submissions")
        SOURCES.extend(os.path.join(inbox_dir, f) for f in sorted(os.listdir(inbox_dir)))
    work = tempfile.mkdtemp(prefix="gongwen-intake-")
    inbox = os.path.join(work, "inbox")
    os.makedirs(inbox)
    for i in range(a.count):
        src = SOURCES[i % len(SOURCES)]
        stem, ext = os.path.splitext(os.path.basename(src))
        shutil.copy(src, os.path.join(inbox, f"{i:03d}-{stem}{ext}"))
    out = os.path.join(work, "out")
    cmd = [a.binary, "import", inbox, "-o", out, "--yearbook", "--force", "--keep-duplicates"]
    walls = []
    for _ in range(a.runs + 1):
        t = time.perf_counter()
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        walls.append(time.perf_counter() - t)
        if p.returncode not in (0, 1) or (p.returncode == 1 and not a.mixed):
            sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stdout[-2000:]}")
    walls = walls[1:]
    med = statistics.median(walls)
    print([l for l in p.stdout.splitlines() if " file(s) in " in l][-1])
    print(f"import of {a.count} submissions   median {med*1000:8.1f} ms   min {min(walls)*1000:8.1f} ms   target < 5000 ms")
    shutil.rmtree(work)
    sys.exit(0 if med < 5 else 1)

if __name__ == "__main__":
    main()
