{#- A timestamptz as a zone-less UTC timestamp (§1.3): the base of every date, hour and minute
    bucket, so buckets never depend on the server's time zone. -#}
{% macro utc_timestamp(column) -%}
    {{ return(adapter.dispatch('utc_timestamp', 'finops')(column)) }}
{%- endmacro %}

{% macro default__utc_timestamp(column) -%}
    ({{ column }} at time zone 'UTC')
{%- endmacro %}

{#- ISO weekday 1 (Monday) … 7 (Sunday) of a UTC timestamp. -#}
{% macro iso_weekday(column) -%}
    {{ return(adapter.dispatch('iso_weekday', 'finops')(column)) }}
{%- endmacro %}

{% macro default__iso_weekday(column) -%}
    cast(extract(isodow from {{ column }}) as {{ dbt.type_int() }})
{%- endmacro %}

{#- Hour of day 0–23 of a UTC timestamp. -#}
{% macro hour_of_day(column) -%}
    cast(extract(hour from {{ column }}) as {{ dbt.type_int() }})
{%- endmacro %}

{#- Seconds between two timestamps, as a double. -#}
{% macro seconds_between(start_column, end_column) -%}
    {{ return(adapter.dispatch('seconds_between', 'finops')(start_column, end_column)) }}
{%- endmacro %}

{% macro default__seconds_between(start_column, end_column) -%}
    cast(extract(epoch from ({{ end_column }} - {{ start_column }})) as {{ type_double() }})
{%- endmacro %}

{% macro duckdb__seconds_between(start_column, end_column) -%}
    (cast({{ dbt.datediff(start_column, end_column, 'microsecond') }} as {{ type_double() }}) / 1000000.0)
{%- endmacro %}

{#- A 64-bit float (§1.9: no single precision in the warehouse). type_double() is FLOAT,
    which DuckDB reads as 32-bit REAL. -#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'finops')()) }}
{%- endmacro %}

{% macro default__type_double() -%}double precision{%- endmacro %}

{% macro duckdb__type_double() -%}double{%- endmacro %}
