-- Every successful call re-priced on its model's like-for-like and downshift
-- targets (§4.4): the call's actual four token buckets × the target's price row, ÷ 1e6. Only
-- successful calls: a failed call is billed by its error type (§2.2), not by its tokens, so it
-- would bill the same nothing on the target. A model without a target gives NULL figures.
-- optimization (model_switching) and realtime (inefficient_patterns) read it. A view: its two
-- readers filter and aggregate it, which costs less than writing every successful call once.

with

calls as (

    select * from {{ ref('fct_calls') }}
    where is_success

),

targets as (

    select * from {{ ref('int_model_targets') }}

),

prices as (

    select * from {{ ref('price_book') }}

),

final as (

    select
        calls.call_id,
        calls.provider,
        calls.model,
        calls.customer_id,
        calls.total_tokens,
        calls.latency_ms,
        calls.cost_usd,
        targets.like_for_like_model,
        {{ bucket_cost('calls', 'like_for_like') }} as like_for_like_cost_usd,
        targets.downshift_model,
        {{ bucket_cost('calls', 'downshift') }} as downshift_cost_usd
    from calls
    left join targets
        on
            calls.provider = targets.provider
            and calls.model = targets.model
    left join prices as like_for_like
        on targets.like_for_like_price_version_id = like_for_like.price_version_id
    left join prices as downshift
        on targets.downshift_price_version_id = downshift.price_version_id

)

select * from final
