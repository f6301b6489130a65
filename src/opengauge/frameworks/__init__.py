"""Frameworks: MOF (MOT-compatible and evidence modes), OSAID 1.0, OSAI-Index, EU AI Act 53(2)."""
