"""Benchmark: opengauge's scanner side by side with modelscan and picklescan on the same files.

    .venv/bin/python bench/scan.py            # build venvs + files (once), run every tool on every file
    .venv/bin/python bench/scan.py --quick    # smaller files (for a smoke run)

modelscan and picklescan are installed from PyPI into bench/.venv-modelscan and bench/.venv-picklescan (created
here). Files are written to bench/_work (ignored by git). Each measurement runs the tool in a fresh process under
/usr/bin/time -v: wall time and peak resident memory (max RSS) of the whole process, interpreter included.
Each tool runs through its Python API in a fresh process (opengauge: ``opengauge.security.scan_paths``, without
the CLI shell, whose import of the whole audit pipeline is not the scanner's cost): the table gives the process
wall time (start-up included), the scan call alone, and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import pickle
import re
import signal
import struct
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent
WORK = ROOT / "_work"
VENVS = {"modelscan": ROOT / ".venv-modelscan", "picklescan": ROOT / ".venv-picklescan"}
PACKAGES = {"modelscan": "modelscan", "picklescan": "picklescan"}


@dataclass(frozen=True)
class Run:
    tool: str
    file: str
    seconds: float  # wall time of the whole process (interpreter start and imports included)
    scan_seconds: float  # the scan call alone, timed inside the process
    peak_mb: float  # max RSS of the process
    verdict: str


def ensure_venv(tool: str) -> Path:
    venv = VENVS[tool]
    exe = venv / "bin" / tool
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", PACKAGES[tool]], check=True)
    return exe


# -- files --------------------------------------------------------------------------------------------------


def _torch_zip(tensors: dict[str, int]) -> bytes:
    """A torch-format zip written without torch: data.pkl with persistent ids, one storage member each."""
    out = io.BytesIO()
    body = bytearray(b"\x80\x02ccollections\nOrderedDict\nq\x00)Rq\x01(")
    for i, (name, numel) in enumerate(tensors.items()):
        key = str(i).encode()
        body += b"X" + struct.pack("<I", len(name)) + name.encode()
        body += b"ctorch._utils\n_rebuild_tensor_v2\n(("
        body += b"X\x07\x00\x00\x00storagectorch\nFloatStorage\n"
        body += b"X" + struct.pack("<I", len(key)) + key + b"X\x03\x00\x00\x00cpu" + b"J" + struct.pack("<i", numel)
        body += b"tQK\x00J" + struct.pack("<i", numel) + b"\x85K\x01\x85\x89ccollections\nOrderedDict\n)Rt"
        body += b"R"
        if i % 1000 == 999:
            body += b"u("
    body += b"u."
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("archive/data.pkl", bytes(body))
        zf.writestr("archive/byteorder", b"little")
        for i, numel in enumerate(tensors.values()):
            zf.writestr(f"archive/data/{i}", b"\x00" * (4 * numel))
        zf.writestr("archive/version", b"3\n")
    return out.getvalue()


def _safetensors(total_mb: int) -> bytes:
    n = total_mb * (1 << 20) // 4 // 16
    header = {f"t{i}": {"dtype": "F32", "shape": [n], "data_offsets": [i * n * 4, (i + 1) * n * 4]} for i in range(16)}
    raw = json.dumps(header).encode()
    raw += b" " * ((-len(raw)) % 8)
    return struct.pack("<Q", len(raw)) + raw + b"\x00" * (16 * n * 4)


def build_files(quick: bool) -> dict[str, Path]:
    import numpy as np

    work = WORK / ("quick" if quick else "full")
    work.mkdir(parents=True, exist_ok=True)
    scale = 10 if quick else 1
    files: dict[str, Path] = {}

    def put(name: str, make: object) -> None:
        path = work / name
        if not path.exists():
            data = make() if callable(make) else make
            path.write_bytes(data)  # type: ignore[arg-type]
        files[name] = path

    put("raw_200mb.pkl", lambda: pickle.dumps({"w": np.ones(50_000_000 // scale, dtype=np.float32)}, protocol=4))
    put("array_100mb.npy", lambda: _npy(np.ones(25_000_000 // scale, dtype=np.float32)))
    put("weights_100mb.safetensors", lambda: _safetensors(100 // scale))
    try:
        import torch

        state = {f"layer{i}.weight": torch.ones(250_000 // scale) for i in range(100)}
        if not (work / "torch_zip_100mb.pt").exists():
            torch.save(state, work / "torch_zip_100mb.pt")
        if not (work / "torch_legacy_100mb.pt").exists():
            torch.save(state, work / "torch_legacy_100mb.pt", _use_new_zipfile_serialization=False)
        files["torch_zip_100mb.pt"] = work / "torch_zip_100mb.pt"
        files["torch_legacy_100mb.pt"] = work / "torch_legacy_100mb.pt"
        many = work / "torch_zip_200k_tensors.pt"
        if not many.exists():
            torch.save({f"t{i}": torch.zeros(1) for i in range(200_000 // scale)}, many)
        files["torch_zip_200k_tensors.pt"] = many
    except ImportError:
        put("torch_zip_100mb.pt", lambda: _torch_zip({f"layer{i}.weight": 250_000 // scale for i in range(100)}))
        put("torch_zip_200k_tensors.pt", lambda: _torch_zip({f"t{i}": 1 for i in range(200_000 // scale)}))
    try:
        import joblib
        from sklearn.ensemble import RandomForestClassifier

        path = work / "sklearn_rf.joblib"
        if not path.exists():
            rng = np.random.default_rng(0)
            x = rng.random((20_000 // scale, 20))
            model = RandomForestClassifier(n_estimators=50, random_state=0).fit(x, (x[:, 0] > 0.5).astype(int))
            joblib.dump({"model": model, "emb": np.ones(10_000_000 // scale, dtype=np.float32)}, path)
        files["sklearn_rf.joblib"] = path
    except ImportError:
        pass
    return files


def _npy(array: object) -> bytes:
    import numpy as np

    buf = io.BytesIO()
    np.save(buf, array)
    return buf.getvalue()


# -- runs ---------------------------------------------------------------------------------------------------


TIMEOUT = 600

#: One process per measurement; the tool is imported, then the scan call alone is timed in-process.
SNIPPETS = {
    "opengauge": (
        "from opengauge.security import ScanOptions, scan_paths\n"
        "t = time.perf_counter(); r = scan_paths([pathlib.Path(F)], ScanOptions()); dt = time.perf_counter() - t\n"
        "verdict = {0: 'clean', 1: 'unsafe', 2: 'inconclusive'}[r.exit_code]\n"
    ),
    "picklescan": (
        "from picklescan.scanner import scan_file_path\n"
        "t = time.perf_counter(); r = scan_file_path(F); dt = time.perf_counter() - t\n"
        "verdict = f'issues={r.issues_count} scan_err={r.scan_err}'\n"
    ),
    "modelscan": (
        "from modelscan.modelscan import ModelScan\n"
        "t = time.perf_counter(); r = ModelScan().scan(F); dt = time.perf_counter() - t\n"
        "skipped = r['summary']['skipped']['total_skipped']\n"
        "verdict = f\"issues={len(r['issues'])} errors={len(r['errors'])} skipped={skipped}\"\n"
    ),
}


def snippet(tool: str, file: Path) -> str:
    return (
        "import json, pathlib, sys, time\n"
        f"F = {str(file)!r}\n" + SNIPPETS[tool] + "print('OGBENCH', json.dumps({'scan_s': dt, 'verdict': verdict}))\n"
    )


def measure(tool: str, cmd: list[str], file: Path) -> Run:
    with subprocess.Popen(
        ["/usr/bin/time", "-v", *cmd], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    ) as child:
        try:
            out, err = child.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)  # the tool too, not only /usr/bin/time
            child.communicate()
            return Run(tool, file.name, float(TIMEOUT), float(TIMEOUT), 0.0, f"timeout >{TIMEOUT}s")
    proc = subprocess.CompletedProcess(child.args, child.returncode, out, err)
    err = proc.stderr
    wall = re.search(r"Elapsed \(wall clock\) time .*?: (?:(\d+):)?(\d+):([\d.]+)", err)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    seconds = 0.0
    if wall:
        h = int(wall.group(1) or 0)
        seconds = h * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    found = re.search(r"^OGBENCH (.*)$", proc.stdout, re.M)
    if found:
        doc = json.loads(found.group(1))
        scan_s, verdict = float(doc["scan_s"]), str(doc["verdict"])
    else:
        scan_s, verdict = (
            float("nan"),
            f"failed (exit {proc.returncode}): {err.strip().splitlines()[0][:80] if err.strip() else ''}",
        )
    return Run(tool, file.name, seconds, scan_s, int(rss.group(1)) / 1024 if rss else 0.0, verdict)


def commands(file: Path) -> dict[str, list[str]]:
    pythons = {
        "opengauge": sys.executable,
        "picklescan": str(ensure_venv("picklescan").parent / "python"),
        "modelscan": str(ensure_venv("modelscan").parent / "python"),
    }
    return {tool: [py, "-c", snippet(tool, file)] for tool, py in pythons.items()}


def run_opengauge(paths: list[str]) -> int:
    from opengauge.security import ScanOptions, scan_paths

    result = scan_paths([Path(p) for p in paths], ScanOptions())
    for f in result.findings:
        print(f.rule_id, f.severity.value, f.location, f.message)
    print(f"exit {result.exit_code}: {len(result.files_scanned)} scanned")
    return result.exit_code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="files 10x smaller")
    parser.add_argument("--run-opengauge", nargs="+", metavar="FILE", help=argparse.SUPPRESS)
    parser.add_argument("--tools", default="opengauge,picklescan,modelscan")
    parser.add_argument("--json", type=Path, help="also write the runs as JSON here")
    args = parser.parse_args()
    if args.run_opengauge:
        return run_opengauge(args.run_opengauge)
    files = build_files(args.quick)
    tools = args.tools.split(",")
    runs: list[Run] = []
    print(f"{'file':28} {'MB':>6} " + " ".join(f"{t:>12} {'scan s':>7} {'peak MB':>7}" for t in tools))
    for name, path in files.items():
        cmds = commands(path)
        row = [measure(t, cmds[t], path) for t in tools]
        runs.extend(row)
        size = path.stat().st_size / (1 << 20)
        cells = " ".join(f"{r.seconds:>12.2f} {r.scan_seconds:>7.2f} {r.peak_mb:>7.1f}" for r in row)
        print(f"{name:28} {size:>6.1f} {cells}   " + " | ".join(r.verdict for r in row), flush=True)
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ for r in runs], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
