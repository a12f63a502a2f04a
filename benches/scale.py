#!/usr/bin/env python3
"""The yearbook at scale: synthetic books of N reports (benches/gen_yearbook.py) built to PDF,
to DOCX alone (a fresh folder: every report laid out for the contents' page numbers) and to
DOCX after the PDF (the folder of the built book: the page numbers from the outlines its
layout left there, OUT/.yearbook.gongwen-outlines), each a new process (wall time, peak
memory), and `watch` rebinding a book after one report's edit.

usage: benches/scale.py [--binary target/release/gongwen] [--runs R] [--watch N] [N ...]
       (default: 100 300 1000 reports, one run each; --watch 100 also times watch on 100)
Build the binary first: cargo build --release.
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, time


def run_once(cmd):
    """Wall time, peak memory (MiB) and CPU time (user + system) of one process; stderr to a
    file (a book's warnings), shown when it fails."""
    with tempfile.TemporaryFile() as errf:
        t = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=errf)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t
        errf.seek(0)
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"failed: {' '.join(cmd)}\n{errf.read().decode(errors='replace')}")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def book(n):
    work = tempfile.mkdtemp(prefix=f"gongwen-scale{n}-")
    subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                 "gen_yearbook.py"), str(n), work],
                   check=True, stdout=subprocess.DEVNULL)
    return work


def pages(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    return next((l.split()[-1] for l in out.splitlines() if l.startswith("Pages:")), "?")


def timed(g, work, what, runs, out="out", fresh=False):
    """Median wall time and peak memory of `build WHAT -o WORK/OUT`; `fresh`: the folder
    removed before each run (no outlines left by an earlier build)."""
    out = os.path.join(work, out)
    cmd = g + ["build", os.path.join(work, "yearbook.toml"), "-o", out, "-q", "--no-system-fonts", what]

    def once():
        if fresh:
            shutil.rmtree(out, ignore_errors=True)
        return run_once(cmd)

    walls, rss, _ = zip(*(once() for _ in range(runs)))
    return statistics.median(walls), max(rss)


def watch(g, work, runs):
    """From saving one report's edit to the book's PDF written again."""
    p = subprocess.Popen(g + ["watch", os.path.join(work, "yearbook.toml"), "--pdf", "-o",
                              os.path.join(work, "watch"), "--no-system-fonts"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)

    def wait_for(word):
        while True:
            line = p.stdout.readline()
            if not line:
                sys.exit(f"gongwen watch stopped before printing {word!r}")
            if line.startswith(word):
                return

    wait_for("built")
    path = os.path.join(work, "reports", "r002.toml")
    text = open(path, encoding="utf-8").read()
    anchor = "为进一步促进行政权力公开透明运行"
    times = []
    for i in range(runs):
        time.sleep(0.3)
        tmp = path + ".tmp"
        open(tmp, "w", encoding="utf-8").write(text.replace(anchor, anchor + "（第%d次修改）" % i, 1))
        t = time.perf_counter()
        os.replace(tmp, path)
        wait_for("rebuilt")
        times.append(time.perf_counter() - t)
    rss = 0
    try:
        with open(f"/proc/{p.pid}/status") as f:
            rss = next(int(l.split()[1]) for l in f if l.startswith("VmHWM")) / 1024
    except OSError:
        pass
    p.terminate()
    p.wait()
    return statistics.median(times), min(times), rss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default="target/release/gongwen")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--watch", type=int, default=0, help="time watch on a book of this many reports")
    ap.add_argument("sizes", type=int, nargs="*", default=[100, 300, 1000])
    a = ap.parse_args()
    g = [os.path.abspath(a.binary)]
    print(f"{'reports':>8} {'pages':>7} {'PDF':>9} {'peak':>10} {'DOCX alone':>11} {'peak':>10}"
          f" {'DOCX, built':>12} {'peak':>10}")
    for n in a.sizes:
        work = book(n)
        pdf_t, pdf_m = timed(g, work, "--pdf", a.runs)
        docx_t, docx_m = timed(g, work, "--docx", a.runs, out="docx", fresh=True)
        # The DOCX of the book just built: its contents' page numbers from the PDF's layout.
        built_t, built_m = timed(g, work, "--docx", a.runs)
        print(f"{n:>8} {pages(os.path.join(work, 'out', 'yearbook.pdf')):>7} {pdf_t:>8.2f}s "
              f"{pdf_m:>7.0f} MiB {docx_t:>10.2f}s {docx_m:>7.0f} MiB "
              f"{built_t:>11.2f}s {built_m:>7.0f} MiB", flush=True)
        shutil.rmtree(work)
    if a.watch:
        work = book(a.watch)
        med, low, rss = watch(g, work, max(3, a.runs))
        print(f"watch, {a.watch} reports, one report edited -> PDF written: median {med:.2f} s, "
              f"min {low:.2f} s, peak {rss:.0f} MiB")
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
