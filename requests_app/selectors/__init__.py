"""Reads: visibility, lookups and lists. Selectors never write."""
