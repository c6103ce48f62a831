"""Supervisor dashboard and command center (issue 6)."""
