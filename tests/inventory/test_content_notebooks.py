"""Notebooks: code cells through the Python analysis, markdown cells for links, bad JSON as findings."""

from __future__ import annotations

import json

from hypothesis import example, given, settings

from opengauge.inventory.content.notebooks import parse_cells
from opengauge.record import ArtifactKind, ComponentId, LinkKind
from tests.inventory.content_support import MemoryReader, artifact, classify, details, linked_components
from tests.strategies import json_values


def notebook(cells: list[tuple[str, str]], language: str = "python") -> str:
    return json.dumps(
        {
            "nbformat": 4,
            "metadata": {"kernelspec": {"language": language, "name": "k"}},
            "cells": [
                {"cell_type": kind, "source": src.splitlines(keepends=True), "metadata": {}} for kind, src in cells
            ],
        }
    )


NB = notebook(
    [
        ("markdown", "# Fine-tuning\nBased on [our paper](https://arxiv.org/abs/2401.00001)."),
        ("code", "%pip install torch\n!nvidia-smi\nimport torch"),
        ("code", "opt = torch.optim.SGD(params, lr=0.1)\nloss.backward()\nopt.step()"),
        ("code", "print(model.generate(ids))"),
    ]
)


def test_notebook_code_cells_are_analysed() -> None:
    name, obs = classify("notebooks/explore.ipynb", NB)
    assert name == "notebook" and obs.kind is ArtifactKind.NOTEBOOK and obs.format == "ipynb"
    assert ComponentId.TRAINING_CODE.value in obs.roles
    assert ComponentId.INFERENCE_CODE.value in obs.roles
    ev = next(e for e in obs.evidence if e.component == ComponentId.TRAINING_CODE.value)
    assert ev.extractor == "notebook" and ev.confidence == 0.9
    d = details(obs)
    assert d["code_cells"] == "3" and d["markdown_cells"] == "1" and d["language"] == "python"
    assert obs.findings == ()


def test_markdown_cells_give_links() -> None:
    _, obs = classify("x.ipynb", NB)
    assert [lk.kind for lk in obs.links] == [LinkKind.ARXIV]
    assert ComponentId.RESEARCH_PAPER.value in linked_components("x.ipynb", obs)  # "our paper"


def test_one_bad_cell_does_not_hide_the_others() -> None:
    nb = notebook([("code", "def broken(:\n  pass"), ("code", "import evaluate\nevaluate.load('bleu')")])
    _, obs = classify("analysis.ipynb", nb)
    assert ComponentId.EVALUATION_CODE.value in obs.roles


def test_invalid_json_is_a_finding_with_path_roles() -> None:
    _, obs = classify("train_model.ipynb", "{not json")
    assert [f.rule_id for f in obs.findings] == ["OG-INV-011"]
    assert obs.roles == (ComponentId.TRAINING_CODE.value,)


def test_json_that_is_not_a_notebook() -> None:
    _, obs = classify("x.ipynb", "[1, 2]")
    assert "not a Jupyter notebook" in obs.findings[0].message


def test_non_python_kernel_is_not_parsed() -> None:
    _, obs = classify("x.ipynb", notebook([("code", "library(ggplot2)\nloss.backward()")], language="R"))
    assert obs.roles == () and details(obs)["language"] == "r"


def test_nbformat3_worksheets() -> None:
    data = {"worksheets": [{"cells": [{"cell_type": "code", "input": ["loss.backward()\n"]}]}]}
    cells = parse_cells(data)
    assert cells is not None and cells.code == ("loss.backward()\n",)


def test_large_notebook_is_read_in_bounded_slices() -> None:
    big = notebook([("code", "x = 1\n" * 10), ("markdown", "y" * 5_000_000)])
    reader = MemoryReader({"big.ipynb": big.encode()})
    from opengauge.inventory.content.notebooks import NotebookClassifier

    art = artifact("big.ipynb", big.encode())
    obs = NotebookClassifier().classify(art, big.encode()[:4096], reader)
    assert obs.kind is ArtifactKind.NOTEBOOK and obs.findings == ()
    assert reader.bytes_read <= len(big) + 1


def test_oversized_notebook_is_a_finding_and_reads_stay_bounded() -> None:
    from opengauge.inventory.content.notebooks import MAX_NOTEBOOK, NotebookClassifier

    data = b'{"cells": [' + b" " * (MAX_NOTEBOOK + 100) + b"]}"
    reader = MemoryReader({"train.ipynb": data})
    obs = NotebookClassifier().classify(artifact("train.ipynb", data), data[:4096], reader)
    assert "larger than 20 MiB" in obs.findings[0].message
    assert obs.roles == (ComponentId.TRAINING_CODE.value,)
    assert reader.bytes_read <= MAX_NOTEBOOK + 1


@settings(max_examples=100, deadline=None)
@given(json_values(["cells", "cell_type", "source", "metadata", "worksheets", "input", "x"], text=30, leaves=25))
@example({"cells": [{"cell_type": []}]})  # found by this test: an unhashable cell type
@example({"worksheets": [{"cells": [{"cell_type": {"a": 1}, "input": 3}]}]})
def test_fuzz_notebook_shapes(value: object) -> None:
    _, obs = classify("fuzz.ipynb", json.dumps(value))
    assert obs.kind is ArtifactKind.NOTEBOOK
