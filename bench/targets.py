"""The speed and memory targets, checked against the figures (met or NO; never a test failure)."""
from __future__ import annotations

import math

from .report import fmt, yes

MIB = 1024 * 1024
GEN_10K_SECONDS, GEN_10K_MIB = 10.0, 1024
REAL_COLD_SECONDS = 30.0
NOOP_SECONDS = 5.0
COLD_10K_SECONDS, COLD_10K_MIB = 600.0, 4096
PAGE_MAX_BYTES = 5 * MIB
PLAIN_RATIO = 1.5
COLUMNS = ["target", "figure", "met"]
GEN_100K_SECONDS, GEN_100K_MIB = 180.0, 8192
GEN_100K_SLOPE = 1.1  # log-log slope of generation CPU time from 10,000 to 100,000 papers
MAKE_SITE_NOOP_SECONDS, MAKE_SITE_NOOP_RATIO = 1.5, 1.2  # `make site` with nothing changed, and its ratio to Jupyter Book's own
LINEAR_SLOPE = 1.15  # log-log slope of generation or build time against papers still counted as linear


def loglog_slope(small_papers: int, small_seconds: float, large_papers: int, large_seconds: float) -> float:
    """How time grows with the corpus: 1 is linear, 2 quadratic."""
    return math.log(large_seconds / small_seconds) / math.log(large_papers / small_papers)


def survey_speedup(cpu: float, owners: dict, target: float = GEN_10K_SECONDS) -> str:
    """The timed generation's CPU seconds split by bench.owners' shares of the samples outside the import
    system (the timed figure starts after the pipeline is imported): the survey's own part, the rest, and
    how many times faster the survey's part would have to run for the whole to take `target` seconds."""
    shares = owners["owners"]
    outside = 1.0 - shares.get("imports", 0.0)
    survey = cpu * shares.get("survey", 0.0) / outside if outside > 0 else 0.0
    rest = cpu - survey
    text = f"of {cpu:.1f} s: the survey's code {survey:.1f} s, libraries and the standard library {rest:.1f} s"
    if cpu < target:
        return text + " (met)"
    if rest >= target:
        return text + f"; the rest alone is over {target:.0f} s"
    return text + f"; {target:.0f} s needs the survey's part {survey / (target - rest):.1f}x faster"


def targets(results: dict) -> list[list[str]]:
    rows: list[list[str]] = []
    gens = sorted(results["generation"], key=lambda g: g["papers"])
    failed = [g for g in gens if not g["figures"]]
    done = [g for g in gens if g["figures"]]
    if failed:
        rows.append(["generation linear", f"{failed[0]['papers']:,} papers: {failed[0]['run']['status']}", "NO"])
    elif len(done) >= 2:
        # The two largest sizes: at small sizes fixed costs (imports, charts) hide how the time grows.
        small, large = done[-2], done[-1]
        slope = loglog_slope(small["papers"], small["seconds_total"], large["papers"], large["seconds_total"])
        rows.append([f"generation linear (log-log slope <= {LINEAR_SLOPE}, {small['papers']:,} to {large['papers']:,})",
                     f"slope {slope:.2f}", yes(slope <= LINEAR_SLOPE)])
    for g in results["generation"]:
        if g["papers"] == 10000:
            ok = g["figures"] and g["seconds_total"] < GEN_10K_SECONDS and g["run"]["peak_mib"] < GEN_10K_MIB
            rows.append(["10,000 papers generated in < 10 s and < 1 GB",
                         f"{fmt(g['seconds_total'])} s, {fmt(g['run']['peak_mib'], 0)} MiB ({g['run']['status']})", yes(ok)])
    by_size = {g["papers"]: g for g in done}
    for o in results.get("owners", []):
        if o["papers"] == 10000 and o.get("status") == "ok" and 10000 in by_size:
            rows.append(["10,000 papers: what the 10 s target asks of the survey's own code (figure, no target)",
                         survey_speedup(by_size[10000]["figures"]["cpu"], o), "-"])
    if 10000 in by_size and 100000 in by_size:
        small, large = by_size[10000], by_size[100000]
        cpu = loglog_slope(10000, small["figures"]["cpu"], 100000, large["figures"]["cpu"])
        wall = loglog_slope(10000, small["seconds_total"], 100000, large["seconds_total"])
        rows.append([f"generation linear to 100,000 (log-log slope of CPU s <= {GEN_100K_SLOPE}, 10,000 to 100,000)",
                     f"slope {cpu:.2f} (wall {wall:.2f})", yes(cpu <= GEN_100K_SLOPE)])
    for g in results["generation"]:
        if g["papers"] == 100000:
            ok = g["figures"] and g["figures"]["cpu"] < GEN_100K_SECONDS and g["run"]["peak_mib"] < GEN_100K_MIB
            rows.append(["100,000 papers generated in < 3 min (CPU) and < 8 GB",
                         f"{fmt(g['figures']['cpu']) if g['figures'] else '-'} s CPU, {fmt(g['seconds_total'])} s wall, "
                         f"{fmt(g['run']['peak_mib'], 0)} MiB ({g['run']['status']})", yes(ok)])
    for r in results.get("recall", []):
        if r.get("papers") == 10000 and "recall_at_5" in r:
            rows.append(["related papers: approximate search finds >= 0.95 of the exact top 5 at 10,000 papers",
                         f"{r['recall_at_5']:.3f} ({r['sampled']} sampled, similarity kept {r['similarity_kept']:.3f}; "
                         f"the exact search is used up to {r['exact_up_to']:,} papers)", yes(r["recall_at_5"] >= 0.95)])
        elif "recall_at_5" in r:
            rows.append([f"related papers at {r['papers']:,}: recall of the exact top 5 (figure, no target)",
                         f"{r['recall_at_5']:.3f} ({r['sampled']} sampled, similarity kept {r['similarity_kept']:.3f})", "-"])
    html = {(b["corpus"], b["build"]): b for b in results["html"]}
    for (corpus, kind), b in html.items():
        if kind == "make site, no change" and (corpus, "no change") in html:
            book = html[corpus, "no change"]
            ratio = b["cpu_seconds"] / book["cpu_seconds"] if book["cpu_seconds"] else float("inf")
            rows.append([f"{corpus}: make site with nothing changed < {MAKE_SITE_NOOP_SECONDS} s and < {MAKE_SITE_NOOP_RATIO}x "
                         "Jupyter Book's own no-change build (CPU)",
                         f"{fmt(b['seconds'])} s wall, {fmt(b['cpu_seconds'])} s CPU; Jupyter Book alone {fmt(book['cpu_seconds'])} s "
                         f"CPU ({ratio:.2f}x)",
                         yes(b["status"] == "ok" and b["cpu_seconds"] < MAKE_SITE_NOOP_SECONDS and ratio < MAKE_SITE_NOOP_RATIO)])
    if ("real", "cold") in html:
        b = html["real", "cold"]
        rows.append(["real corpus cold HTML build < 30 s", f"{fmt(b['seconds'])} s", yes(b["status"] == "ok" and b["seconds"] < REAL_COLD_SECONDS)])
    for (corpus, kind), b in html.items():
        if kind == "no change":
            rows.append([f"{corpus}: no-change rebuild < 5 s, re-reads no page",
                         f"{fmt(b['seconds'])} s, {len(b['reread'])} re-read",
                         yes(b["status"] == "ok" and b["seconds"] < NOOP_SECONDS and not b["reread"])])
        if kind == "add a page" and b["changed_pages"] is not None:
            extra = sorted(set(b["reread"]) - set(b["changed_pages"]))
            rows.append([f"{corpus}: adding a page re-reads only changed pages",
                         f"{len(b['reread'])} re-read, {len(b['changed_pages'])} changed" +
                         (f", unchanged re-read: {', '.join(extra[:4])}" if extra else ""),
                         yes(b["status"] == "ok" and not extra)])
    for (corpus, kind), b in html.items():
        if kind == "cold" and corpus.startswith("10000"):
            rows.append(["10,000 papers cold HTML build < 10 min and < 4 GB",
                         f"{fmt(b['seconds'])} s, {fmt(b['peak_mib'], 0)} MiB ({b['status']})",
                         yes(b["status"] == "ok" and b["seconds"] < COLD_10K_SECONDS and b["peak_mib"] < COLD_10K_MIB)])
    colds = sorted((b for b in results["html"] if b["build"] == "cold" and b["corpus"].isdigit() and b["status"] == "ok"),
                   key=lambda b: int(b["corpus"]))
    if len(colds) >= 2:
        small, large = colds[-2], colds[-1]
        papers = int(small["corpus"]), int(large["corpus"])
        slope = loglog_slope(papers[0], small["cpu_seconds"], papers[1], large["cpu_seconds"])
        plain = (f"; plain book {loglog_slope(papers[0], small['plain_seconds'], papers[1], large['plain_seconds']):.2f}"
                 if small.get("plain_seconds") and large.get("plain_seconds") else "")
        rows.append([f"cold HTML build linear (log-log slope of CPU s <= {LINEAR_SLOPE}, {int(small['corpus']):,} to "
                     f"{int(large['corpus']):,})", f"slope {slope:.2f}{plain}", yes(slope <= LINEAR_SLOPE)])
    largest = [b for b in results["html"] if b.get("largest")]
    if largest:
        page = max(largest, key=lambda b: b["largest"][1])
        over = sorted({f"{b['corpus']}:{name}" for b in largest for name in b.get("over_limit") or []})
        rows.append(["no page over 5 MB", f"largest {page['corpus']}:{page['largest'][0]} {page['largest'][1] / MIB:.2f} MiB" +
                     (f"; over 5 MB: {', '.join(over)}" if over else ""), yes(page["largest"][1] <= PAGE_MAX_BYTES)])
    for b in results["html"]:
        if b.get("plain_seconds") and b["build"] == "cold":
            ratio = b["seconds"] / b["plain_seconds"]
            rows.append([f"{b['corpus']}: cold build within 1.5x of the plain book", f"{ratio:.2f}x", yes(ratio <= PLAIN_RATIO)])
    return rows
