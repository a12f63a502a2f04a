#!/usr/bin/env python3
"""Benchmark gongwen as a user runs it: each build a new process, median wall time and peak
memory (max RSS) over N runs.

usage: benches/bench.py [--runs N] [--binary target/release/gongwen] [--yearbook] [REPORT.toml]

Cases: PDF alone, DOCX alone, both, `check`; and, when the `typst` CLI is on PATH, the bare
typst compile of the same emitted source with the same bundled fonts, for the 1.1x target;
with --yearbook, synthetic yearbooks of 10 and 100 reports.
Build the binary first: cargo build --release.
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, time

def run_once(cmd):
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    err = p.stderr.read().decode(errors="replace"); p.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{err}")
    return wall, usage.ru_maxrss / 1024  # MiB

def measure(name, cmd, runs):
    run_once(cmd)  # warm the page cache
    walls, rss = zip(*(run_once(cmd) for _ in range(runs)))
    med = statistics.median(walls)
    print(f"{name:<34} median {med*1000:8.1f} ms   min {min(walls)*1000:8.1f} ms   peak {max(rss):6.1f} MiB")
    return med, max(rss)

def measure_watch(g, report, out, runs):
    """`gongwen watch`: from saving a one-paragraph edit to the new PDF written."""
    work = tempfile.mkdtemp(prefix="gongwen-watch-")
    path = os.path.join(work, "report.toml")
    text = open(report, encoding="utf-8").read()
    open(path, "w", encoding="utf-8").write(text)
    p = subprocess.Popen(g + ["watch", path, "--pdf", "-o", out, "--no-system-fonts", "--max-rebuilds", str(runs)],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    while not p.stdout.readline().startswith("built"):
        pass
    anchor = "为进一步促进行政权力公开透明运行"
    times = []
    for i in range(runs):
        time.sleep(0.2)
        edited = text.replace(anchor, anchor + "（第%d次修改）" % i, 1)
        t = time.perf_counter()
        open(path, "w", encoding="utf-8").write(edited)
        while not p.stdout.readline().startswith("rebuilt"):
            pass
        times.append(time.perf_counter() - t)
    p.wait()
    shutil.rmtree(work)
    med = statistics.median(times)
    print(f"{'watch: edit saved -> PDF written':<34} median {med*1000:8.1f} ms   min {min(times)*1000:8.1f} ms")
    return med, 0

def measure_yearbooks(g, runs):
    """Synthetic yearbooks of 10 and 100 reports (benches/gen_yearbook.py) to PDF and DOCX."""
    r = {}
    for n in (10, 100):
        work = tempfile.mkdtemp(prefix=f"gongwen-yearbook{n}-")
        subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "gen_yearbook.py"), str(n), work], check=True)
        r[f"book{n}"] = measure(f"yearbook of {n} reports (PDF + DOCX)",
                                g + ["build", os.path.join(work, "yearbook.toml"), "-o", os.path.join(work, "out"), "-q",
                                     "--no-system-fonts"], runs)
        shutil.rmtree(work)
    print(f"100 reports / 10 reports: {r['book100'][0] / r['book10'][0]:.1f}x (target at most 11x)")
    return r

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("report", nargs="?", default="data/xinxiang-2015.toml")
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--binary", default="target/release/gongwen")
    ap.add_argument("--yearbook", action="store_true", help="also bind synthetic yearbooks of 10 and 100 reports")
    a = ap.parse_args()
    if not os.path.exists(a.binary):
        sys.exit(f"{a.binary} is missing: run cargo build --release first")
    out = tempfile.mkdtemp(prefix="gongwen-bench-")
    g = [a.binary]
    common = ["-o", out, "-q", "--no-system-fonts"]
    print(f"{a.report}, {a.runs} runs each, {os.cpu_count()} cores")
    r = {}
    r["pdf"] = measure("gongwen build --pdf", g + ["build", a.report, "--pdf"] + common, a.runs)
    r["docx"] = measure("gongwen build --docx", g + ["build", a.report, "--docx"] + common, a.runs)
    r["both"] = measure("gongwen build (PDF + DOCX)", g + ["build", a.report] + common, a.runs)
    r["check"] = measure("gongwen check", g + ["check", a.report, "--no-system-fonts"], a.runs)
    r["watch"] = measure_watch(g, a.report, out, a.runs)
    typst = shutil.which("typst")
    if typst:
        subprocess.run(g + ["build", a.report, "--pdf", "--emit-typst"] + common, check=True)
        stem = os.path.splitext(os.path.basename(a.report))[0]
        typ = os.path.join(out, stem + ".typ")
        r["typst"] = measure("typst compile (same source)", [typst, "compile", "--ignore-system-fonts",
                             "--font-path", "fonts/fandol", typ, os.path.join(out, "typst.pdf")], a.runs)
        print(f"gongwen --pdf / typst compile: {r['pdf'][0] / r['typst'][0]:.2f}x (target at most 1.1x)")
    else:
        print("typst CLI not on PATH: the bare-typst comparison was not measured (cargo install typst-cli)")
    if a.yearbook:
        r.update(measure_yearbooks(g, max(3, a.runs // 3)))
    targets = [("both outputs", r["both"][0], 0.3, "s"), ("DOCX alone", r["docx"][0], 0.020, "s"),
               ("peak memory (both)", r["both"][1], 150, "MiB"), ("watch rebuild", r["watch"][0], 0.100, "s"),
               ("check", r["check"][0], 0.020, "s")]
    if "book100" in r:
        targets += [("yearbook of 100 reports", r["book100"][0], 20.0, "s"),
                    ("yearbook of 100 reports, memory", r["book100"][1], 1536, "MiB")]
    for name, v, limit, unit in targets:
        shown = f"{v*1000:.1f} ms" if unit == "s" else f"{v:.1f} MiB"
        lim = f"{limit*1000:.0f} ms" if unit == "s" else f"{limit} MiB"
        print(f"target {name}: {shown} (under {lim}) {'ok' if v < limit else 'MISSED'}")
    shutil.rmtree(out)

main()
