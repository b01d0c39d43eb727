"""Seeded randomness and vectorised ids: the only sources of variation in the simulator.

Every random draw comes from a generator derived from ``(seed, purpose, *keys)`` with numpy's
``SeedSequence`` spawn keys, so adding a new draw never shifts the values of an existing one and
the output is a pure function of the run parameters (§5.1). Ids are formatted from a 64-bit
splitmix64 mix of ``(seed, purpose, ordinal)`` with array lookups, never a per-row loop.
"""

from __future__ import annotations

import functools
import hashlib
import zlib

import numpy as np
import pyarrow as pa

_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
_WORDS = np.arange(65536)
# 16-bit value → its four hex digits as the bytes of one uint32 (a 256 KiB table: one lookup per
# four characters instead of one per two)
_HEX4 = np.ascontiguousarray(np.stack(
    [_HEX[(_WORDS >> shift) & 15] for shift in (12, 8, 4, 0)], axis=1)).view(np.uint32).ravel()
# 0..9999 → its four zero-padded decimal digits as the bytes of one uint32
_DEC4 = np.ascontiguousarray(np.stack(
    [48 + (_WORDS[:10000] // div) % 10 for div in (1000, 100, 10, 1)], axis=1).astype(np.uint8)
    ).view(np.uint32).ravel()


def purpose_key(purpose: str) -> int:
    """A stable integer for a purpose name (CRC-32 never depends on the interpreter's hash seed)."""
    return zlib.crc32(purpose.encode("utf-8"))


def rng(seed: int, purpose: str, *keys: int) -> np.random.Generator:
    """An independent generator for one purpose (and optional sub-keys such as a chunk number)."""
    seq = np.random.SeedSequence(entropy=seed, spawn_key=(purpose_key(purpose), *map(int, keys)))
    return np.random.Generator(np.random.PCG64(seq))


def mix64(values: np.ndarray, salt: int) -> np.ndarray:
    """splitmix64 finaliser of ``values + salt``: a vectorised, well-spread 64-bit hash."""
    # in place on one copy and one scratch array (wrapping uint64 arithmetic, so adding the
    # salt and the constant in one step gives the same values): no temporary per operation
    z = np.asarray(values).astype(np.uint64)  # a copy (negative values wrap, as before)
    scratch = np.empty_like(z)
    with np.errstate(over="ignore"):
        z += np.uint64((salt + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF)
        for shift, factor in ((30, 0xBF58476D1CE4E5B9), (27, 0x94D049BB133111EB)):
            z ^= np.right_shift(z, np.uint64(shift), out=scratch)
            z *= np.uint64(factor)
        z ^= np.right_shift(z, np.uint64(31), out=scratch)
    return z if z.ndim else z[()]


def salt_for(seed: int, purpose: str) -> int:
    """A 64-bit salt for :func:`mix64` from the seed and a purpose name."""
    digest = hashlib.sha256(f"{seed}:{purpose}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def hex_matrix(values: np.ndarray) -> np.ndarray:
    """(n,) uint64 → (n, 16) ASCII bytes of lowercase hex, big-endian."""
    words = np.ascontiguousarray(np.asarray(values, dtype=np.uint64).astype(">u8")).view(">u2")
    return _HEX4[words].view(np.uint8).reshape(-1, 16)


def digits_matrix(values: np.ndarray, width: int) -> np.ndarray:
    """(n,) non-negative integers → (n, width) ASCII bytes, zero-padded decimal."""
    rest = np.asarray(values, dtype=np.int64)
    groups = -(-width // 4)
    out = np.empty((len(rest), groups), dtype=np.uint32)
    for j in range(groups - 1, -1, -1):  # four digits per step, from a table
        rest, group = np.divmod(rest, 10000)
        out[:, j] = _DEC4[group]
    return out.view(np.uint8).reshape(len(out), groups * 4)[:, groups * 4 - width:]


def _rows_side_by_side(cols: list[np.ndarray], m: int) -> np.ndarray:
    """(m, w) byte matrices, or (1, w) rows repeated, placed side by side into one (m, W) matrix.

    Each part of a row is copied as one opaque item: numpy's axis-1 concatenate copies byte by
    byte, about 3x slower.
    """
    widths = [c.shape[1] for c in cols]
    out = np.empty(m, dtype=[(f"f{i}", f"V{w}") for i, w in enumerate(widths)])
    for i, (c, w) in enumerate(zip(cols, widths, strict=True)):
        items = np.ascontiguousarray(c).view(f"V{w}").reshape(len(c))
        out[f"f{i}"] = items[0] if len(c) == 1 and m != 1 else items
    return out.view(np.uint8).reshape(m, sum(widths))


def fixed_strings(parts: list[np.ndarray | bytes], n: int, valid: np.ndarray | None = None) -> pa.Array:
    """Concatenate byte prefixes and (m, w) byte matrices into an Arrow string column of ``n``
    rows, no Python loop. With ``valid``, the matrices hold the valid rows only (m = their count)
    and the other rows are NULL; without it m = n."""
    valid = None if valid is None else np.asarray(valid, dtype=bool)
    m = n if valid is None else int(valid.sum())
    cols = [np.frombuffer(p, dtype=np.uint8).reshape(1, len(p)) if isinstance(p, bytes) else p
            for p in parts if len(p)]
    if len(cols) == 1 and len(cols[0]) == m:
        data = np.ascontiguousarray(cols[0])
    else:
        data = _rows_side_by_side(cols, m) if cols else np.zeros((m, 0), np.uint8)
    width = data.shape[1]
    large = m * width >= 2**31 - 1
    offset_type = np.int64 if large else np.int32
    if valid is None:
        offsets = np.arange(n + 1, dtype=offset_type) * offset_type(width)
        bitmap, nulls = None, 0
    else:
        offsets = np.zeros(n + 1, dtype=offset_type)
        np.cumsum(valid.astype(offset_type) * width, out=offsets[1:])
        bitmap, nulls = pa.py_buffer(np.packbits(valid, bitorder="little")), n - m
    cls = pa.LargeStringArray if large else pa.StringArray
    arr = cls.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(data), bitmap, null_count=nulls)
    return arr.cast(pa.string()) if large else arr


def hex_ids(prefix: str, values: np.ndarray, n_hex: int = 16, valid: np.ndarray | None = None) -> pa.Array:
    """``prefix`` + ``n_hex`` hex chars (16 or 32) of already-mixed uint64 ``values``; rows
    outside ``valid`` are NULL (and not formatted)."""
    values = np.asarray(values, dtype=np.uint64)
    n = len(values)
    if valid is not None:
        values = values[np.asarray(valid, dtype=bool)]
    parts: list[np.ndarray | bytes] = [prefix.encode()] if prefix else []
    parts.append(hex_matrix(values))
    if n_hex == 32:
        parts.append(hex_matrix(mix64(values, 0x5DEECE66D)))
    elif n_hex != 16:
        raise ValueError("hex ids are 16 or 32 characters")
    return fixed_strings(parts, n, valid)


@functools.lru_cache(maxsize=64)
def _dictionary(names: tuple[str, ...]) -> pa.Array:
    return pa.array(names, type=pa.string())


def labels(names: tuple[str, ...] | list[str], codes: np.ndarray) -> pa.DictionaryArray:
    """Dictionary-encoded string column from integer codes into ``names``; a negative code is NULL.

    Arrow keeps the codes as the indices, so no string is copied per row: the Parquet writer
    stores them as they are (no re-hashing), and :func:`decode` makes plain strings when needed.
    """
    codes = np.asarray(codes)
    mask = codes < 0
    has_null = bool(mask.any())
    idx = np.where(mask, 0, codes) if has_null else codes
    indices = pa.array(idx.astype(np.int32, copy=False), mask=mask if has_null else None)
    return pa.DictionaryArray.from_arrays(indices, _dictionary(tuple(names)))


def decode(arr: pa.Array) -> pa.Array:
    """A dictionary-encoded string column as a plain string column (other arrays unchanged)."""
    if not pa.types.is_dictionary(arr.type):
        return arr
    names, indices = arr.dictionary, arr.indices
    offsets = np.frombuffer(names.buffers()[1], dtype=np.int32)[names.offset: names.offset + len(names) + 1]
    widths = np.diff(offsets)
    if len(names) and names.null_count == 0 and widths.min() == widths.max() > 0:
        # equal-width names (customer, user, organization ids, key hashes): a row gather of a
        # byte matrix is about 4x cheaper than Arrow's string take
        mat = np.frombuffer(names.buffers()[2], dtype=np.uint8)[offsets[0]: offsets[-1]]
        valid = np.asarray(indices.is_valid()) if indices.null_count else None
        codes = indices.drop_null().to_numpy()
        return fixed_strings([np.take(mat.reshape(len(names), -1), codes, axis=0)], len(arr), valid)
    return names.take(indices)
