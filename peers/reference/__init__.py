"""Reference data loaded into the database by migrations: languages, interests, places.

Kept in code (not fixtures) so names are translatable and a later migration can re-sync them.
"""
