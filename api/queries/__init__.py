"""Read-only, parameterised queries over the serving snapshot, one module per resource.

Every function takes the caller's organization and filters on it; no SQL text is ever built from
request values (dimension names are looked up in whitelists, values are bound parameters).
"""
