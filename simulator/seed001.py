"""The seed-001 CSV of the calls (§3.2 layout): 19 columns, every other column in the metadata JSON.

Built batch by batch on every core with Arrow kernels and numpy byte matrices (Arrow's kernels
and CSV writer release the GIL); each batch is formatted to its own buffer and the buffers are
written in order, so the file is byte-identical whatever the number of threads.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from include.reference import schema_columns
from simulator.parallel import parallel_map
from simulator.rng import decode, digits_matrix, fixed_strings


def seed001_columns() -> list[str]:
    """The 19 columns of the seed-001 layout in their order (``seed001_position`` in the schema)."""
    cols = [(int(c["seed001_position"]), c["column_name"]) for c in schema_columns("call")
            if c["seed001_position"]]
    return [name for _, name in sorted(cols)]


def _value_bytes(arr: pa.Array) -> np.ndarray:
    """The bytes of a plain string array's values (only those of its slice)."""
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int32)[arr.offset: arr.offset + len(arr) + 1]
    data = arr.buffers()[2]
    if data is None or len(arr) == 0:
        return np.zeros(0, dtype=np.uint8)
    return np.frombuffer(data, dtype=np.uint8)[offsets[0]: offsets[-1]]


def _embeddable(arr: pa.Array) -> bool:
    """True when no value holds a quote or a backslash (a dictionary array: checked on its values)."""
    values = arr.dictionary if pa.types.is_dictionary(arr.type) else arr
    data = _value_bytes(values)
    return not bool(((data == ord('"')) | (data == ord("\\"))).any())


def iso_utc(arr: pa.Array) -> pa.Array:
    """``YYYY-MM-DDTHH:MM:SS.ffffffZ`` of microsecond timestamps, as Arrow's ``strftime`` with
    ``%Y-%m-%dT%H:%M:%SZ`` writes them (its ``%S`` carries the six fraction digits)."""
    valid = np.asarray(arr.is_valid()) if arr.null_count else None
    us = arr.drop_null().cast(pa.int64()).to_numpy() if arr.null_count else arr.cast(pa.int64()).to_numpy()
    moment = us.view("datetime64[us]")
    day = moment.astype("datetime64[D]")
    month = day.astype("datetime64[M]")
    year = month.astype("datetime64[Y]")
    in_day = (moment - day).astype(np.int64)
    second, micro = np.divmod(in_day, 1_000_000)
    parts: list[np.ndarray | bytes] = [
        digits_matrix(year.astype(np.int64) + 1970, 4), b"-",
        digits_matrix((month - year).astype(np.int64) + 1, 2), b"-",
        digits_matrix((day - month).astype(np.int64) + 1, 2), b"T",
        digits_matrix(second // 3600, 2), b":", digits_matrix(second // 60 % 60, 2), b":",
        digits_matrix(second % 60, 2), b".", digits_matrix(micro, 6), b"Z",
    ]
    return fixed_strings(parts, len(arr), valid)


def _json_fragment(name: str, arr: pa.Array, before: str = "", after: str = "") -> pa.Array:
    """``before"name":value after`` per row (NULL for NULL values, which the join then skips); a
    dictionary array is formatted once per distinct value."""
    if pa.types.is_dictionary(arr.type):
        return _json_fragment(name, arr.dictionary, before, after).take(arr.indices)
    if pa.types.is_string(arr.type):
        return pc.binary_join_element_wise(f'{before}"{name}":"', arr, f'"{after}', "")
    return pc.binary_join_element_wise(f'{before}"{name}":', pc.cast(arr, pa.string()), after, "")


def _metadata(batch: pa.RecordBatch, extras: list[str]) -> pa.Array:
    """The JSON object of the ``extras`` columns per row. The braces ride on the first and last
    fragments when those columns have no NULL (saving a pass over the joined text)."""
    if not extras:
        return pa.array(["{}"] * batch.num_rows, pa.string())
    first, last = batch.column(extras[0]), batch.column(extras[-1])
    inline = first.null_count == 0 and last.null_count == 0
    fragments = []
    for i, name in enumerate(extras):
        before = "{" if inline and i == 0 else ""
        after = "}" if inline and i == len(extras) - 1 else ""
        if before and after:
            return _json_fragment(name, first, before, after)
        fragments.append(_json_fragment(name, batch.column(name), before, after))
    body = pc.binary_join_element_wise(*fragments, ",", null_handling="skip")
    return body if inline else pc.binary_join_element_wise("{", body, "}", "")


def _layout_batch(batch: pa.RecordBatch, layout: list[str], extras: list[str]) -> pa.RecordBatch:
    arrays = []
    for name in layout:
        if name == "metadata":
            arrays.append(_metadata(batch, extras))
        elif name == "timestamp":
            arrays.append(iso_utc(batch.column(name)))
        else:
            arrays.append(decode(batch.column(name)))
    return pa.RecordBatch.from_arrays(arrays, names=layout)


def seed001_batches(calls: pa.Table) -> list[pa.RecordBatch]:
    """Calls in the 19-column layout, one batch per batch of ``calls`` (plain or dictionary text)."""
    layout = seed001_columns()
    extras = [c for c in calls.column_names if c not in layout]
    batches = calls.to_batches() or [pa.RecordBatch.from_pylist([], schema=calls.schema)]
    for name in extras:
        column = calls.column(name)
        text = pa.types.is_string(column.type) or pa.types.is_dictionary(column.type)
        if text and not all(parallel_map(_embeddable, column.chunks)):
            raise ValueError(f"column {name} holds a quote or backslash; the CSV writer cannot embed it")
    return parallel_map(lambda b: _layout_batch(b, layout, extras), batches)


def seed001_table(calls: pa.Table) -> pa.Table:
    """Calls in the 19-column layout; every other column moves into the metadata JSON object."""
    return pa.Table.from_batches(seed001_batches(calls))


Replace = Callable[[Path, Callable[[Path], None]], int]


def write_csv_file(calls: pa.Table, path: Path, replace: Replace) -> int:
    """Write the seed-001 CSV through ``replace(path, write)`` (an atomic rename); returns its size."""
    batches = seed001_batches(calls)

    def to_buffer(item: tuple[int, pa.RecordBatch]) -> pa.Buffer:
        sink = pa.BufferOutputStream()
        options = pacsv.WriteOptions(include_header=item[0] == 0, quoting_style="needed")
        pacsv.write_csv(item[1], sink, options)
        return sink.getvalue()

    buffers = parallel_map(to_buffer, enumerate(batches))

    def write(tmp: Path) -> None:
        with tmp.open("wb") as handle:
            for buffer in buffers:
                handle.write(buffer)

    return replace(path, write)
