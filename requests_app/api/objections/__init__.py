"""Objection and dispute endpoints of API v1 (citizen filing and officer work)."""
