{#- Helpers of the agents analysis (§7), portable across adapters. -#}

{#- Lowercase hex SHA-256 of a text expression: the §2.5 derived session id. -#}
{% macro sha256_hex(expression) -%}
    {{ return(adapter.dispatch('sha256_hex', 'finops')(expression)) }}
{%- endmacro %}

{% macro default__sha256_hex(expression) -%}
    encode(sha256(convert_to({{ expression }}, 'UTF8')), 'hex')
{%- endmacro %}

{% macro duckdb__sha256_hex(expression) -%}
    sha256({{ expression }})
{%- endmacro %}

{#- A timestamp plus a number of milliseconds (the end of a call: timestamp + latency). -#}
{% macro add_milliseconds(timestamp_column, milliseconds) -%}
    {{ dbt.dateadd('microsecond', 'cast(round(1000 * ' ~ milliseconds ~ ') as ' ~ dbt.type_bigint() ~ ')', timestamp_column) }}
{%- endmacro %}

{#- A whole number left-padded with zeros to a fixed width, so text order equals numeric order:
    the sibling positions that make critical-path tie-breaking a plain text comparison. -#}
{% macro zero_padded(number_expression, width=10) -%}
    lpad(cast({{ number_expression }} as {{ dbt.type_string() }}), {{ width }}, '0')
{%- endmacro %}

{#- Opportunity priority of §7.3 from a saving and the organization's cost in the period:
    high ≥ priority_high_pct %, medium ≥ priority_medium_pct %, else low. -#}
{% macro opportunity_priority(savings, organization_cost) -%}
    case
        when {{ safe_pct(savings, organization_cost) }} >= {{ threshold('priority_high_pct') }} then 'high'
        when {{ safe_pct(savings, organization_cost) }} >= {{ threshold('priority_medium_pct') }} then 'medium'
        else 'low'
    end
{%- endmacro %}
