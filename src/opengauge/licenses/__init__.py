"""Licences: identification from text and declarations, AI licence knowledge base, openness by type."""
