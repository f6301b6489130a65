"""Content classifiers: licence files, cards, notebooks, code, documents, configs and data.

``CLASSIFIERS`` is tried in order after the weight classifiers; the first whose ``accepts`` is True
classifies. The order matters where names overlap: licence files before documents, cards before documents,
download scripts before code, evaluation results and sample outputs before configs and data, data
before generic documents.
"""

from __future__ import annotations

from opengauge.inventory.content.cards import CardClassifier
from opengauge.inventory.content.code import CodeClassifier
from opengauge.inventory.content.configs import ConfigClassifier
from opengauge.inventory.content.data import DataFileClassifier, DownloadScriptClassifier
from opengauge.inventory.content.documents import (
    DocumentClassifier,
    EvalResultsClassifier,
    MediaClassifier,
    PaperClassifier,
    SampleOutputsClassifier,
)
from opengauge.inventory.content.licence_files import LicenceFileClassifier
from opengauge.inventory.content.links import extract_links, link_evidence
from opengauge.inventory.content.notebooks import NotebookClassifier
from opengauge.inventory.interface import Classifier

CLASSIFIERS: tuple[Classifier, ...] = (
    LicenceFileClassifier(),
    CardClassifier(),
    NotebookClassifier(),
    DownloadScriptClassifier(),
    CodeClassifier(),
    EvalResultsClassifier(),
    SampleOutputsClassifier(),
    PaperClassifier(),
    ConfigClassifier(),
    DataFileClassifier(),
    DocumentClassifier(),
    MediaClassifier(),
)

__all__ = ["CLASSIFIERS", "extract_links", "link_evidence"]
