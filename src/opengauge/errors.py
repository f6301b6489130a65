"""Typed errors. The CLI turns each into a one-line message and exit code 2; nothing else should escape."""

from __future__ import annotations


class OpenGaugeError(Exception):
    """Base class for every error opengauge raises on purpose."""


class UsageError(OpenGaugeError):
    """The user asked for something that cannot work (bad option, unknown format, missing path)."""


class SourceError(OpenGaugeError):
    """A source could not be opened or listed at all (a single bad file is a finding, not this)."""


class InputFormatError(OpenGaugeError):
    """A file we were asked to read as a given format is not that format (manifest, MOT record, ...)."""
