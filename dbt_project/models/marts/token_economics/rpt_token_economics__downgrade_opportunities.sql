-- §6.10 downgrade_opportunities: simple-feature traffic of a customer on a frontier model whose
-- calls are small on average (avg total tokens < simple_call_max_tokens), re-priced on the
-- model's downshift target (§4.4) from its actual four token buckets. Positive savings only.
-- Grain: (customer_id, feature_id, provider, model).
with

calls as (

    select * from {{ ref('int_token_economics__calls') }}
    where capability_class = 'frontier' and is_simple_feature

),

targets as (

    select * from {{ ref('int_model_targets') }}
    where downshift_price_version_id is not null

),

target_prices as (

    select * from {{ ref('price_book') }}

),

analysis_window as (

    select * from {{ ref('int_analysis_window') }}

),

repriced as (

    select
        calls.customer_id,
        calls.feature_id,
        calls.provider,
        calls.model,
        targets.downshift_model as target_model,
        calls.total_tokens,
        calls.cost_usd,
        (
            calls.uncached_input_tokens * target_prices.input_usd_per_mtok
            + calls.cache_read_tokens * target_prices.cached_input_usd_per_mtok
            + calls.cache_creation_tokens * target_prices.cache_write_usd_per_mtok
            + calls.output_tokens * target_prices.output_usd_per_mtok
        ) / 1000000.0 as repriced_cost_usd
    from calls
    inner join targets
        on calls.provider = targets.provider and calls.model = targets.model
    inner join target_prices
        on targets.downshift_price_version_id = target_prices.price_version_id

),

groups as (

    select
        customer_id,
        feature_id,
        provider,
        model,
        target_model,
        count(*) as calls,
        sum(total_tokens) as total_tokens,
        sum(cost_usd) as cost_usd,
        sum(repriced_cost_usd) as repriced_cost_usd
    from repriced
    group by customer_id, feature_id, provider, model, target_model

),

final as (

    select
        groups.customer_id,
        groups.feature_id,
        groups.provider,
        groups.model,
        cast(groups.calls as {{ dbt.type_bigint() }}) as calls,
        cast(groups.total_tokens as {{ type_double() }}) / groups.calls as avg_tokens_per_call,
        groups.cost_usd,
        groups.target_model,
        groups.repriced_cost_usd,
        groups.cost_usd - groups.repriced_cost_usd as savings_usd,
        {{ monthly_projection('groups.cost_usd - groups.repriced_cost_usd', 'analysis_window.window_days') }}
            as monthly_savings_usd
    from groups
    cross join analysis_window
    where
        cast(groups.total_tokens as {{ type_double() }}) / groups.calls
            < {{ threshold('simple_call_max_tokens') }}
        and groups.cost_usd - groups.repriced_cost_usd > 0

)

select * from final
