-- §6.9 distributions: calls, cost and tokens by the value of each dimension. Shares are within
-- the dimension's rows; error_type covers failed calls only. rank is by calls desc, then value.
-- detail: for subscription_tier the tier's monthly price (a range when calls disagree).
{%- set dimensions = {
    'provider': 'provider',
    'model': 'model_key',
    'feature': 'feature_id',
    'subscription_tier': 'subscription_tier',
    'archetype': 'customer_archetype',
    'region': 'region',
    'product': 'product_id',
    'environment': 'environment',
    'status': 'status',
    'error_type': 'error_type',
    'http_status': dbt.safe_cast('http_status', dbt.type_string()),
    'scenario': "coalesce(scenario, 'none')",
} %}

with

calls as (

    select * from {{ ref('fct_calls') }}

),

by_value as (

    {% for dimension, expression in dimensions.items() -%}
    select
        '{{ dimension }}' as dimension,
        {{ expression }} as value,
        {%- if dimension == 'subscription_tier' %}
        case
            when min(tier_price_usd) = max(tier_price_usd) then {{ fmt_usd('min(tier_price_usd)') }}
            when min(tier_price_usd) is not null
                then {{ dbt.concat([fmt_usd('min(tier_price_usd)'), "'–'", fmt_usd('max(tier_price_usd)')]) }}
        end as detail,
        {%- else %}
        cast(null as {{ dbt.type_string() }}) as detail,
        {%- endif %}
        count(*) as calls,
        sum(cost_usd) as cost_usd,
        cast(sum(total_tokens) as {{ dbt.type_bigint() }}) as total_tokens,
        avg(case when is_success then latency_ms end) as avg_latency_ms
    from calls
    {%- if dimension == 'error_type' %}
    where error_type is not null
    {%- endif %}
    group by {{ expression }}
    {% if not loop.last %}union all
    {% endif -%}
    {%- endfor %}

),

final as (

    select
        dimension,
        value,
        detail,
        calls,
        100.0 * calls / sum(calls) over (partition by dimension) as call_pct,
        cost_usd,
        100.0 * cost_usd / nullif(sum(cost_usd) over (partition by dimension), 0) as cost_pct,
        total_tokens,
        cast(total_tokens as {{ type_double() }}) / calls as tokens_per_call,
        cost_usd / calls as cost_per_call,
        avg_latency_ms,
        row_number() over (partition by dimension order by calls desc, value asc) as rank
    from by_value

)

select * from final
