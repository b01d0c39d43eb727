{#- Latency figures of §1.2 and §6.2, written once: latency, time-to-first-token and
    tokens-per-second statistics use successful calls with a non-null latency_ms only
    ("measured" calls). `measured_latency(...)` keeps a value on measured calls and NULLs it
    elsewhere, so plain aggregates over all calls of a group ignore the rest. -#}
{% macro is_measured_call(status_flag='is_success', latency='latency_ms') -%}
    ({{ status_flag }} and {{ latency }} is not null)
{%- endmacro %}

{% macro measured_value(value, status_flag='is_success', latency='latency_ms') -%}
    case when {{ is_measured_call(status_flag, latency) }} then {{ value }} end
{%- endmacro %}

{#- avg / p50 / p95 / p99 of a latency column (already NULL on unmeasured calls), as aggregate
    columns named avg_<name>, p50_<name>, p95_<name>, p99_<name>. -#}
{% macro latency_profile(column, name='latency_ms') -%}
    avg({{ column }}) as avg_{{ name }},
    {{ percentile_cont(column, 0.5) }} as p50_{{ name }},
    {{ percentile_cont(column, 0.95) }} as p95_{{ name }},
    {{ percentile_cont(column, 0.99) }} as p99_{{ name }}
{%- endmacro %}
