{#- §4.3 cost of a call's four token buckets on a price row, ÷ 1e6: how every switch saving
    re-prices calls (§4.4). `calls` and `prices` are relation aliases; NULL when the price row is
    missing. -#}
{% macro bucket_cost(calls, prices) -%}
    (
        {{ calls }}.uncached_input_tokens * {{ prices }}.input_usd_per_mtok
        + {{ calls }}.cache_read_tokens * {{ prices }}.cached_input_usd_per_mtok
        + {{ calls }}.cache_creation_tokens * {{ prices }}.cache_write_usd_per_mtok
        + {{ calls }}.output_tokens * {{ prices }}.output_usd_per_mtok
    ) / 1000000.0
{%- endmacro %}
