"""Landing, validation and idempotent load of record batches into ``raw.*`` (catalogue §3).

Import the public names from :mod:`include.loading.api`; the other modules are internal.
"""
