{#- Display formats of §1.9 for recommendation messages: the same text on every adapter.
    duckdb uses format() (fmt syntax); the default uses to_char (PostgreSQL and friends). -#}

{#- A number with thousands separators and a fixed number of decimals. -#}
{% macro format_number(column, decimals) -%}
    {{ return(adapter.dispatch('format_number', 'finops')(column, decimals)) }}
{%- endmacro %}

{% macro duckdb__format_number(column, decimals) -%}
    format('{:,.{{ decimals }}f}', cast({{ column }} as double))
{%- endmacro %}

{% macro default__format_number(column, decimals) -%}
    to_char({{ column }}, 'FM999,999,999,999,990{% if decimals > 0 %}.{{ "0" * decimals }}{% endif %}')
{%- endmacro %}

{#- USD: $12,345.68 at or above 1; 4 decimals from 0.01; 6 below; $0.00 for zero. -#}
{% macro fmt_usd(column) -%}
    case
        when {{ column }} is null then '—'
        when {{ column }} = 0 then '$0.00'
        else
            {{ dbt.concat([
                "case when " ~ column ~ " < 0 then '-' else '' end",
                "'$'",
                "case when abs(" ~ column ~ ") >= 1 then " ~ format_number("abs(" ~ column ~ ")", 2)
                    ~ " when abs(" ~ column ~ ") >= 0.01 then " ~ format_number("abs(" ~ column ~ ")", 4)
                    ~ " else " ~ format_number("abs(" ~ column ~ ")", 6) ~ " end",
            ]) }}
    end
{%- endmacro %}

{#- Percent with one decimal: 72.3%. -#}
{% macro fmt_pct(column) -%}
    {{ dbt.concat([format_number(column, 1), "'%'"]) }}
{%- endmacro %}

{#- Count with separators: 12,345. -#}
{% macro fmt_count(column) -%}
    {{ format_number(column, 0) }}
{%- endmacro %}

{#- Milliseconds as an integer with separators: 3,456 ms. -#}
{% macro fmt_ms(column) -%}
    {{ dbt.concat([format_number(column, 0), "' ms'"]) }}
{%- endmacro %}
