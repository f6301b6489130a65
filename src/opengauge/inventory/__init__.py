"""Inventory: what each file of a release is."""
