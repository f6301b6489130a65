"""Accuracy on real releases: audit every release of the development corpus and compare each component's status
with the hand labels (``../shared/corpus/labels.json``), by the table of ``../shared/corpus/README.md``.

The corpus is laid out outside the repository from repository snapshots (see ``../shared/corpus/README.md``):

    python3 ../shared/corpus/build.py --mirror DIR --out ../corpus
    .venv/bin/python bench/accuracy.py [--corpus ../corpus] [--labels ../shared/corpus/labels.json] [NAME ...]

Prints the agreement per component and overall, every disagreement (label, status, where the label points, the
report's reason), the releases whose licences the labels call restrictive but whose weights the audit calls open
(the goal is none), and the time the audits took (the audits only, in this process, one after another). With
``--json FILE`` the same figures are also written as JSON. Exits 0 whatever the figures (it measures; it does not
gate), 2 when the corpus or the labels are missing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from opengauge.licenses.custom import DUTY_FLAGS
from opengauge.pipeline import AuditOptions, audit
from opengauge.record import AuditReport, ComponentId, ComponentStatus, LicenceFamily

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_LABELS = REPO.parent / "shared" / "corpus" / "labels.json"
DEFAULT_CORPUS = REPO.parent / "corpus"

#: The corpus README's legend: label -> statuses that agree (None: any status agrees).
AGREES: dict[str, frozenset[ComponentStatus] | None] = {
    "F": frozenset({ComponentStatus.PRESENT}),
    "L": frozenset({ComponentStatus.LINKED, ComponentStatus.DECLARED}),
    "~": frozenset({ComponentStatus.PRESENT, ComponentStatus.LINKED}),
    "c": None,
    "–": frozenset({ComponentStatus.ABSENT, ComponentStatus.UNKNOWN, ComponentStatus.DECLARED}),
}
WEIGHTS = ComponentId.MODEL_PARAMETERS_FINAL.value


@dataclass(frozen=True, slots=True)
class Disagreement:
    release: str
    component: str
    label: str
    status: str
    where: str
    reason: str


@dataclass(slots=True)
class Tally:
    agree: int = 0
    total: int = 0

    @property
    def share(self) -> float:
        return self.agree / self.total if self.total else 0.0


@dataclass(slots=True)
class Results:
    per_component: dict[str, Tally] = field(default_factory=dict)
    overall: Tally = field(default_factory=Tally)
    disagreements: list[Disagreement] = field(default_factory=list)
    restricted_called_open: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    cpu_seconds: dict[str, float] = field(default_factory=dict)


def agrees(label: str, status: ComponentStatus) -> bool:
    wanted = AGREES.get(label)
    if label not in AGREES:
        raise ValueError(f"unknown label {label!r}")
    return wanted is None or status in wanted


def compare(name: str, labels: dict[str, object], report: AuditReport, results: Results) -> None:
    components = labels.get("components")
    assert isinstance(components, dict)
    for cid in ComponentId:
        entry = components.get(cid.value)
        if not isinstance(entry, dict):
            continue
        result = report.component(cid.value)
        ok = agrees(str(entry["label"]), result.status)
        tally = results.per_component.setdefault(cid.value, Tally())
        for t in (tally, results.overall):
            t.total += 1
            t.agree += ok
        if not ok:
            results.disagreements.append(
                Disagreement(
                    name,
                    cid.value,
                    str(entry["label"]),
                    result.status.value,
                    str(entry.get("where") or ""),
                    result.reason,
                )
            )
    results.restricted_called_open.extend(f"{name}: {why}" for why in restricted_called_open(labels, report))


#: What, in a label's description of the weights' licence, says the terms restrict use.
_RESTRICTIVE_WORDS = re.compile(
    r"non-?commercial|\bNC\b|research[- ]only|research use|research purposes|community licen[cs]e|"
    r"acceptable use|revocable|OpenRAIL|Llama \d|Tongyi|gated",
    re.IGNORECASE,
)


def restricted_called_open(labels: dict[str, object], report: AuditReport) -> list[str]:
    """Restrictive terms the audit judged open: a licence whose own text carries restrictive clauses but is
    called open, or weights the labels describe under restrictive terms that the audit calls open."""
    found: list[str] = []
    for lic in report.licences:
        restrictive = [r for r in lic.restrictions if r.clause and r.flag not in DUTY_FLAGS]
        if restrictive and lic.family is not LicenceFamily.RESTRICTED:
            found.append(f"{lic.expression} at {lic.location} quotes {restrictive[0].flag} but is {lic.family.value}")
    licences = labels.get("licences")
    weights = str(licences.get("weights", "")) if isinstance(licences, dict) else ""
    result = report.component(WEIGHTS)
    if _RESTRICTIVE_WORDS.search(weights) and result.open_licence:
        expression = result.licence.expression if result.licence else "?"
        found.append(f"the labels describe the weights' terms as restrictive; the audit calls them open ({expression})")
    return found


def run(corpus: Path, labels: dict[str, dict[str, object]], names: Sequence[str]) -> Results:
    results = Results()
    for name in names:
        folder = corpus / name
        started, cpu = time.perf_counter(), time.process_time()
        report = audit([str(folder)], AuditOptions(name=name))
        results.seconds[name] = time.perf_counter() - started
        results.cpu_seconds[name] = time.process_time() - cpu
        compare(name, labels[name], report, results)
    return results


def show(results: Results) -> None:
    print(f"{'component':<34} {'agree':>9} {'share':>7}")
    for cid in ComponentId:
        t = results.per_component.get(cid.value)
        if t:
            print(f"{cid.value:<34} {t.agree:>4}/{t.total:<4} {t.share:>7.1%}")
    o = results.overall
    print(f"{'overall':<34} {o.agree:>4}/{o.total:<4} {o.share:>7.1%}")
    total = sum(results.seconds.values())
    cpu = sum(results.cpu_seconds.values())
    print(
        f"\naudit time: {total:.2f} s wall, {cpu:.2f} s CPU in this process, for {len(results.seconds)} releases "
        "(one after another; the CPU figure leaves out the inventory's forked workers, if any)"
    )
    if results.restricted_called_open:
        print("restrictive terms judged open:")
        for line in results.restricted_called_open:
            print(f"- {line}")
    else:
        print("restrictive terms judged open: none")
    if results.disagreements:
        head = "release | component | label | status | label's where | reason"
        print(f"\n{len(results.disagreements)} disagreements ({head}):")
        for d in results.disagreements:
            print(f"- {d.release} | {d.component} | {d.label} | {d.status} | {d.where[:100]} | {d.reason[:160]}")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=Path(os.environ.get("OPENGAUGE_CORPUS", DEFAULT_CORPUS)))
    ap.add_argument("--labels", type=Path, default=DEFAULT_LABELS)
    ap.add_argument("--json", type=Path, help="also write the figures as JSON here")
    ap.add_argument("names", nargs="*", help="only these releases")
    args = ap.parse_args(argv)
    if not args.labels.is_file():
        print(f"no labels at {args.labels}: the corpus is in ../shared/corpus (see its README)", file=sys.stderr)
        return 2
    labels = {k: v for k, v in json.loads(args.labels.read_text()).items() if not k.startswith("_")}
    names = args.names or sorted(labels)
    missing = [n for n in names if n not in labels or not (args.corpus / n).is_dir()]
    if missing:
        print(
            f"the corpus is not built at {args.corpus} (missing: {', '.join(missing[:5])}"
            f"{' ...' if len(missing) > 5 else ''}); lay it out with\n"
            f"  python3 ../shared/corpus/build.py --mirror DIR --out {args.corpus}\n"
            "after fetching each repository of ../shared/corpus/releases.json (see its README); skipped.",
            file=sys.stderr,
        )
        return 2
    results = run(args.corpus, labels, names)
    show(results)
    if args.json:
        payload = {
            "overall": asdict(results.overall),
            "per_component": {k: asdict(v) for k, v in results.per_component.items()},
            "disagreements": [asdict(d) for d in results.disagreements],
            "restricted_called_open": results.restricted_called_open,
            "seconds": results.seconds,
            "cpu_seconds": results.cpu_seconds,
        }
        args.json.write_text(json.dumps(payload, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
