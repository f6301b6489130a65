"""opengauge: audit how open an AI model release really is."""

__version__ = "0.1.0"
