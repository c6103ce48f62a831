"""Performance measures run by `manage.py benchmark`.

A measure is a function that takes the command's options and returns `Result` rows; it is listed
once in `registry.MEASURES`. Measures time only the work itself: test data is prepared before the
clock starts, and anything written to the database is rolled back unless a measure says otherwise.
"""
