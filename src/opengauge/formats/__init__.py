"""Formats: terminal, JSON, Markdown, SARIF, CycloneDX, SPDX 3, MOF YAML, badges."""
