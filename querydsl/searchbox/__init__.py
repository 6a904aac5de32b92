"""Helpers for a search box: completion, highlighting, explanation."""
