"""Drafting model cards and data cards from an audit report: every value comes from evidence; what the
release does not show becomes a clearly marked TODO, never an invented value."""

from __future__ import annotations

from opengauge.cards.draft import draft_card, draft_data_card, draft_model_card

__all__ = ["draft_card", "draft_data_card", "draft_model_card"]
