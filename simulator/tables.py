"""Arrow tables of the four records, typed and ordered exactly as the schema seeds say.

The schema seeds (``<record>_schema.csv``) are the contract; a column the simulator cannot fill
is an error here rather than a silent NULL, so a schema change is noticed at once.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa

from include.reference import schema_columns
from simulator.parallel import parallel_map
from simulator.rng import decode, labels

ARROW_TYPES: dict[str, pa.DataType] = {
    "VARCHAR": pa.string(),
    "TIMESTAMPTZ": pa.timestamp("us", tz="UTC"),
    "BIGINT": pa.int64(),
    "SMALLINT": pa.int16(),
    "DOUBLE": pa.float64(),
    "JSON": pa.string(),
    "BOOLEAN": pa.bool_(),
    "DATE": pa.date32(),
}


def arrow_schema(record: str) -> pa.Schema:
    """The Arrow schema of a record from its schema seed (column order and nullability kept)."""
    fields = []
    for col in schema_columns(record):
        if col["data_type"] not in ARROW_TYPES:
            raise ValueError(f"{record}_schema.csv: no Arrow type for {col['data_type']!r}")
        fields.append(pa.field(col["column_name"], ARROW_TYPES[col["data_type"]],
                               nullable=col["nullable"].strip().lower() == "true"))
    return pa.schema(fields)


def timestamps(us: np.ndarray, valid: np.ndarray | None = None) -> pa.Array:
    """UTC timestamp column over the int64 microseconds (no copy when there is no NULL)."""
    arr = np.ascontiguousarray(us, dtype=np.int64)
    bitmap, nulls = None, 0
    if valid is not None:
        valid = np.asarray(valid, dtype=bool)
        bitmap, nulls = pa.py_buffer(np.packbits(valid, bitorder="little")), int(len(arr) - valid.sum())
    return pa.Array.from_buffers(pa.timestamp("us", tz="UTC"), len(arr), [bitmap, pa.py_buffer(arr)],
                                 null_count=nulls)


def floats(values: np.ndarray) -> pa.Array:
    """float64 column; NaN becomes NULL."""
    values = np.asarray(values, dtype=np.float64)
    nan = np.isnan(values)
    return pa.array(values, mask=nan if nan.any() else None)


def constant(value: str, n: int) -> pa.Array:
    return labels((value,), np.zeros(n, dtype=np.int32))


def build_table(record: str, n: int, builders: dict[str, Callable[[], pa.Array]],
                encoded: bool = False, parallel: bool = True) -> pa.Table:
    """Assemble ``record``'s table; every schema column must have a builder (built on every core
    when ``parallel``).

    Text columns built from codes come as dictionary arrays. ``encoded`` keeps them so (the
    schema's string fields become ``dictionary<int32, string>``, same names and nullability:
    the form the Parquet writer stores fastest); otherwise they are decoded to plain strings and
    the table has exactly the record's Arrow schema.
    """
    names = [f.name for f in arrow_schema(record)]
    return assemble(record, build_columns(record, n, builders, names, encoded, parallel), encoded)


def build_columns(record: str, n: int, builders: dict[str, Callable[[], pa.Array]], names: list[str],
                  encoded: bool = False, parallel: bool = True) -> dict[str, pa.Array]:
    """The columns ``names`` of ``record`` from their builders, typed as :func:`build_table` says."""
    fields = {f.name: f for f in arrow_schema(record)}
    missing = [name for name in names if name not in builders]
    if missing:
        raise ValueError(f"simulator cannot fill {record} columns {missing}; update simulator/tables use")

    def build(name: str) -> pa.Array:
        arr, field = builders[name](), fields[name]
        if len(arr) != n:
            raise ValueError(f"{record}.{name}: {len(arr)} values for {n} rows")
        if pa.types.is_dictionary(arr.type) and pa.types.is_string(field.type):
            return arr if encoded else decode(arr)
        return arr if arr.type == field.type else arr.cast(field.type)

    arrays = parallel_map(build, names) if parallel else [build(name) for name in names]
    return dict(zip(names, arrays, strict=True))


def assemble(record: str, columns: dict[str, pa.Array], encoded: bool = False) -> pa.Table:
    """``record``'s table from every one of its columns (see :func:`build_table`)."""
    schema = arrow_schema(record)
    missing = [f.name for f in schema if f.name not in columns]
    if missing:
        raise ValueError(f"simulator cannot fill {record} columns {missing}; update simulator/tables use")
    arrays = [columns[f.name] for f in schema]
    if encoded:
        schema = pa.schema([f.with_type(a.type) for f, a in zip(schema, arrays, strict=True)])
    return pa.Table.from_arrays(arrays, schema=schema)
