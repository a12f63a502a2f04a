#!/usr/bin/env python3
"""Benchmark gongwen as a user runs it: each build a new process, median wall time and peak
memory (max RSS) over N runs.

usage: benches/bench.py [--runs N] [--binary target/release/gongwen] [--yearbook] [REPORT.toml]

Cases: PDF alone, DOCX alone, both, `check`; and, when the `typst` CLI is on PATH, the bare
typst compile of the same emitted source with the same bundled fonts, for the 1.1x target;
a table-heavy report generated here (the three tables of the national form plus ten tables of
50 rows, figures cited in cells, a chart) to PDF and DOCX; with --yearbook, synthetic yearbooks
of 10 and 100 reports.
Build the binary first: cargo build --release.
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, time

def run_once(cmd, ok=(0,)):
    # stderr to a file, not a pipe: a build printing more than a pipe holds (a yearbook's
    # warnings) would block on it while we wait for it to exit.
    with tempfile.TemporaryFile() as errf:
        t = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=errf)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t
        errf.seek(0)
        err = errf.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) not in ok:
        sys.exit(f"failed: {' '.join(cmd)}\n{err}")
    return wall, usage.ru_maxrss / 1024  # MiB

def measure(name, cmd, runs, ok=(0,)):
    run_once(cmd, ok)  # warm the page cache
    walls, rss = zip(*(run_once(cmd, ok) for _ in range(runs)))
    med = statistics.median(walls)
    print(f"{name:<34} median {med*1000:8.1f} ms   min {min(walls)*1000:8.1f} ms   peak {max(rss):6.1f} MiB")
    return med, max(rss)

def measure_watch(g, report, out, runs):
    """`gongwen watch`: from saving a one-paragraph edit to the new PDF written."""
    work = tempfile.mkdtemp(prefix="gongwen-watch-")
    path = os.path.join(work, "report.toml")
    text = open(report, encoding="utf-8").read()
    open(path, "w", encoding="utf-8").write(text)
    p = subprocess.Popen(g + ["watch", path, "--pdf", "-o", out, "--no-system-fonts"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    def wait_for(word):
        while True:
            line = p.stdout.readline()
            if not line:
                sys.exit(f"gongwen watch stopped before printing {word!r}")
            if line.startswith(word):
                return
    wait_for("built")
    anchor = "为进一步促进行政权力公开透明运行"
    times = []
    for i in range(runs):
        time.sleep(0.2)
        edited = text.replace(anchor, anchor + "（第%d次修改）" % i, 1)
        # Saved as editors save: a new file renamed over the old one, so the watcher sees one change.
        tmp = path + ".tmp"
        open(tmp, "w", encoding="utf-8").write(edited)
        t = time.perf_counter()
        os.replace(tmp, path)
        wait_for("rebuilt")
        times.append(time.perf_counter() - t)
    p.terminate()
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

def table_heavy(path, tables=10, rows=50):
    """Writes a report with the national form's three tables (2021 format, numbers that add up,
    totals left to gongwen) and `tables` tables of `rows` rows, some cells citing figures."""
    q = "'" * 3
    s = ['[report]', 'title = ["某县人民政府", "2023年政府信息公开工作年度报告"]', 'office = "某县人民政府办公室"', '',
         '[opening]', f"text = {q}", "本报告为性能测试而生成，全年主动公开政府信息{active.total}条。", "{chart:channels}"]
    for t in range(tables):
        s += [f"第{t + 1}部分数据如下。", f"{{table:t{t}}}"]
    s += [q, ""]
    for name, title in (("active", "主动公开政府信息情况"), ("requests", "收到和处理政府信息公开申请情况"),
                        ("review", "政府信息公开行政复议、行政诉讼情况")):
        s += ["[[section]]", f'title = "{title}"', f"text = {q}", f"{{table:{name}}}", q, ""]
    s += ["[figures.active]", 'total = { sum = ["website", "media"], unit = "条" }', "website = 3120", "media = 1480",
          'share = { share = ["website", "total"], decimals = 1 }', ""]
    s += ["[chart.channels]", 'kind = "bar"', 'caption = "发布渠道"', 'unit = "条"',
          'data = [{ label = "网站", figure = "active.website" }, { label = "新媒体", figure = "active.media" }]', ""]
    for t in range(tables):
        s += [f"[table.t{t}]", f'caption = "第{t + 1}部分数据"',
              'columns = [{ title = "项目", width = 3 }, { title = "数量", unit = "件" }, "上年", "增减", '
              '{ title = "金额", unit = "万元" }, "占比"]',
              "rows = ["]
        for r in range(rows):
            n, last = 100 + 7 * r + t, 90 + 5 * r
            cite = '"{active.website}"' if r == 0 else str(n)
            share = '"{active.share}"' if r % 10 == 0 else '"—"'
            s.append(f'  ["第{r + 1}项", {cite}, {last}, {n - last}, {r * 1.25 + 0.5:.2f}, {share}],')
        s += ["]", ""]
    s += ["[form]", 'kind = "gov-disclosure-2021"', "", "[form.active]", '"规章" = [1, 0, 3]',
          '"行政规范性文件" = [12, 3, 87]', '"行政许可" = [1523]', '"行政处罚" = [368]', '"行政强制" = [21]',
          '"行政事业性收费" = [35.6]', "", "[form.requests]"]
    keys = (["三.一", "三.二"] + [f"三.三.{i}" for i in range(1, 9)] + [f"三.四.{i}" for i in range(1, 4)]
            + [f"三.五.{i}" for i in range(1, 6)] + [f"三.六.{i}" for i in range(1, 4)])
    detail = {k: [i % 4, i % 2, 0, 0, 0, i % 3] for i, k in enumerate(keys)}
    total = [sum(v[c] for v in detail.values()) for c in range(6)]
    # 一 + 二 = （七）总计 + 四 in every column: 一 = total + 1, 二 = 1, 四 = 2.
    s += [f'"一" = {[x + 1 for x in total]}', '"二" = [1, 1, 1, 1, 1, 1]', '"四" = [2, 2, 2, 2, 2, 2]']
    s += [f'"{k}" = {v}' for k, v in detail.items()]
    s += ["", "[form.review]", '"行政复议" = [2, 1, 0, 0]', '"未经复议直接起诉" = [1, 0, 0, 1]', '"复议后起诉" = [0, 0, 0, 0]']
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(s) + "\n")

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
    # check exits 1 on the reference report: its published 845 does not add up.
    r["check"] = measure("gongwen check", g + ["check", a.report, "--no-system-fonts"], a.runs, ok=(0, 1))
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
    heavy = os.path.join(out, "tables.toml")
    table_heavy(heavy)
    r["tables"] = measure("table-heavy report (PDF + DOCX)", g + ["build", heavy] + common, a.runs)
    if a.yearbook:
        r.update(measure_yearbooks(g, max(3, a.runs // 3)))
    targets = [("both outputs", r["both"][0], 0.3, "s"), ("DOCX alone", r["docx"][0], 0.020, "s"),
               ("peak memory (both)", r["both"][1], 150, "MiB"), ("watch rebuild", r["watch"][0], 0.100, "s"),
               ("check", r["check"][0], 0.020, "s"), ("table-heavy report, both outputs", r["tables"][0], 0.5, "s")]
    if "book100" in r:
        targets += [("yearbook of 100 reports", r["book100"][0], 20.0, "s"),
                    ("yearbook of 100 reports, memory", r["book100"][1], 1536, "MiB")]
    for name, v, limit, unit in targets:
        shown = f"{v*1000:.1f} ms" if unit == "s" else f"{v:.1f} MiB"
        lim = f"{limit*1000:.0f} ms" if unit == "s" else f"{limit} MiB"
        print(f"target {name}: {shown} (under {lim}) {'ok' if v < limit else 'MISSED'}")
    shutil.rmtree(out)

main()
