{#- §1.9 display formats the core fmt_* macros (macros/formatting/fmt.sql) do not cover:
    multiples with one decimal and ×, seconds with one decimal. -#}

{#- A multiple: 3.2×. NULL shows as —. -#}
{% macro fmt_multiple(column) -%}
    coalesce({{ dbt.concat([format_number(column, 1), "'×'"]) }}, '—')
{%- endmacro %}

{#- Seconds with one decimal: 12.5 s. -#}
{% macro fmt_seconds(column) -%}
    coalesce({{ dbt.concat([format_number(column, 1), "' s'"]) }}, '—')
{%- endmacro %}
