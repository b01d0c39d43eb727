-- One row per call with the per-call token figures of §6.10: io_ratio, whether the feature is a
-- simple task (`simple_features`), whether the model has a published cache discount, and the
-- three waste flags of `wasteful_calls`. Every later token_economics model starts here.
with

calls as (

    select * from {{ ref('fct_calls') }}

),

prices as (

    select * from {{ ref('price_book') }}

),

simple_features as (

    select trim(feature_id) as feature_id
    from (
        select unnest(string_split({{ threshold_text('simple_features') }}, ',')) as feature_id
    ) as listed

),

enriched as (

    select
        calls.call_id,
        calls.customer_id,
        calls.organization_id,
        calls.feature_id,
        calls.customer_archetype,
        calls.provider,
        calls.model,
        calls.capability_class,
        calls."timestamp",
        calls.call_date,
        calls.is_success,
        calls.prompt_hash,
        calls.input_tokens,
        calls.output_tokens,
        calls.total_tokens,
        calls.cache_read_tokens,
        calls.cache_creation_tokens,
        calls.uncached_input_tokens,
        calls.cost_usd,
        calls.cache_savings_usd,
        {{ safe_ratio('calls.input_tokens', 'calls.output_tokens') }} as io_ratio,
        calls.feature_id in (select feature_id from simple_features) as is_simple_feature,
        coalesce(prices.cached_input_usd_per_mtok < prices.input_usd_per_mtok, false) as is_cache_capable
    from calls
    left join prices
        on calls.price_version_id = prices.price_version_id

),

final as (

    select
        *,
        coalesce(
            io_ratio > {{ threshold('excessive_io_ratio') }}
            and input_tokens > {{ threshold('excessive_input_tokens') }},
            false
        ) as is_excessive_input,
        (
            cost_usd > {{ threshold('expensive_simple_cost_usd') }}
            and is_simple_feature
        ) as is_expensive_simple_task,
        (
            total_tokens > {{ threshold('low_output_total_tokens') }}
            and output_tokens < {{ threshold('low_output_max_tokens') }}
        ) as is_low_output_high_cost
    from enriched

)

select * from final
