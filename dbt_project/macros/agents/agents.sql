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

{#- The additive daily usage columns of usage_daily and model_daily (§7.1), grouped by
    organization, UTC date, the extra `keys`, provider and model. latency_ms_sum/latency_count
    cover measured calls (successful with a latency, §1.2), so any period's mean is sum ÷ count. -#}
{% macro agents_daily_usage(relation, keys) -%}
    select
        organization_id,
        call_date as "date",
        {%- for key in keys %}
        {{ key }},
        {%- endfor %}
        provider,
        model,
        count(*) as calls,
        count(*) filter (where is_success) as successful_calls,
        cast(sum(input_tokens) as {{ dbt.type_bigint() }}) as input_tokens,
        cast(sum(output_tokens) as {{ dbt.type_bigint() }}) as output_tokens,
        cast(sum(total_tokens) as {{ dbt.type_bigint() }}) as total_tokens,
        sum(cost_usd) as cost_usd,
        coalesce(sum(measured_latency_ms), 0) as latency_ms_sum,
        count(measured_latency_ms) as latency_count
    from {{ relation }}
    group by organization_id, call_date, {% for key in keys %}{{ key }}, {% endfor %}provider, model
{%- endmacro %}
