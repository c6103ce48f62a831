"""Statistics API v1 (issue 6): the staff figures and the public headline figures."""
