-- Token aggregates of every group that token_economics reports — (provider, model), feature and
-- archetype — with the token efficiency score of §6.10 written once:
-- 0.7 × max(0, 100 − cost_per_1k × 1000) + 0.3 × max(0, 100 − |io − 1| × 10), from the group's
-- aggregate io_ratio and cost per 1K (ratios of sums, §1.2). Grain: (group_type, group_key).
{{ config(materialized='table') }}

with

calls as (

    select * from {{ ref('int_token_economics__calls') }}

),

grouped as (

    {% for group_type, key_expr in [
        ('model', "provider || '/' || model"),
        ('feature', 'feature_id'),
        ('archetype', 'customer_archetype'),
    ] %}
    select
        '{{ group_type }}' as group_type,
        {{ key_expr }} as group_key,
        {% if group_type == 'model' %}provider, model,{% else %}
        cast(null as {{ dbt.type_string() }}) as provider,
        cast(null as {{ dbt.type_string() }}) as model,{% endif %}
        count(*) as calls,
        cast(sum(input_tokens) as {{ dbt.type_bigint() }}) as input_tokens,
        cast(sum(output_tokens) as {{ dbt.type_bigint() }}) as output_tokens,
        cast(sum(total_tokens) as {{ dbt.type_bigint() }}) as total_tokens,
        cast(sum(cache_read_tokens) as {{ dbt.type_bigint() }}) as cache_read_tokens,
        sum(cost_usd) as cost_usd,
        sum(cache_savings_usd) as cache_savings_usd
    from calls
    group by {% if group_type == 'model' %}provider, model{% else %}{{ key_expr }}{% endif %}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

ratios as (

    select
        *,
        {{ safe_ratio('input_tokens', 'output_tokens') }} as io_ratio,
        {{ cost_per_1k('cost_usd', 'total_tokens') }} as cost_per_1k,
        {{ safe_ratio('total_tokens', 'calls') }} as tokens_per_call,
        {{ safe_ratio('input_tokens', 'calls') }} as avg_input_tokens,
        {{ safe_ratio('output_tokens', 'calls') }} as avg_output_tokens,
        {{ safe_ratio('cost_usd', 'calls') }} as cost_per_call,
        {{ safe_ratio('cache_read_tokens', 'input_tokens') }} as cache_hit_rate
    from grouped

),

final as (

    select
        *,
        -- greatest() skips NULLs on some engines: a group without a ratio has no score
        case
            when cost_per_1k is not null and io_ratio is not null
                then 0.7 * greatest(0, 100 - cost_per_1k * 1000)
                    + 0.3 * greatest(0, 100 - abs(io_ratio - 1) * 10)
        end as efficiency_score
    from ratios

)

select * from final
