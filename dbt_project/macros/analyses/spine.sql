{#- Rows of a series from `start_column` to `end_column` inclusive, one per `step` (an interval
    literal such as "interval '1 day'"): the date and hour spines of §1.4. A NULL bound gives no
    rows, so an empty warehouse gives an empty spine. Use in a select list over one row. -#}
{% macro series_rows(start_column, end_column, step) -%}
    {{ return(adapter.dispatch('series_rows', 'finops')(start_column, end_column, step)) }}
{%- endmacro %}

{% macro default__series_rows(start_column, end_column, step) -%}
    generate_series({{ start_column }}, {{ end_column }}, {{ step }})
{%- endmacro %}

{% macro duckdb__series_rows(start_column, end_column, step) -%}
    unnest(generate_series({{ start_column }}, {{ end_column }}, {{ step }}))
{%- endmacro %}
