"""The loader's exception tree.

``LoadError``            base class: nothing of the offending file was written to ``raw.*``.
└── ``ImportFileError``  a file-level problem (§3.1): no header, duplicate or missing columns,
                         undecodable bytes, a Parquet file without a schema column, a file outside
                         the landing layout. The message names the file and says what to fix.

Row-level problems never raise: the row goes to ``raw.quarantine`` with a §3.5 reason.
"""

from __future__ import annotations


class LoadError(Exception):
    """A batch could not be loaded; the warehouse is unchanged for that batch."""


class ImportFileError(LoadError):
    """The whole file is rejected (catalogue §3.1 file-level problems); nothing was loaded."""
