-- Successful calls whose cost is anomalous (§1.6) against the successful calls of the same
-- (provider, model): n ≥ min_anomaly_points, σ > 0 (population) and cost > μ + anomaly_sigma × σ.
-- The flagged call belongs to its own comparison set. realtime and abuse_detection read it.
{{ config(materialized='table') }}

with

successful_calls as (

    select * from {{ ref('fct_calls') }}
    where is_success

),

model_cost_stats as (

    select
        provider,
        model,
        count(*) as model_calls,
        avg(cost_usd) as model_mean_cost_usd,
        stddev_pop(cost_usd) as model_std_cost_usd
    from successful_calls
    group by provider, model

),

scored as (

    select
        successful_calls.call_id,
        successful_calls."timestamp",
        successful_calls.call_date,
        successful_calls.call_hour,
        successful_calls.customer_id,
        successful_calls.organization_id,
        successful_calls.product_id,
        successful_calls.feature_id,
        successful_calls.region,
        successful_calls.provider,
        successful_calls.model,
        successful_calls.cost_usd,
        successful_calls.total_tokens,
        model_cost_stats.model_calls,
        model_cost_stats.model_mean_cost_usd,
        model_cost_stats.model_std_cost_usd,
        {{ z_score('successful_calls.cost_usd', 'model_cost_stats.model_mean_cost_usd',
            'model_cost_stats.model_std_cost_usd') }} as z,
        {{ is_anomalous('successful_calls.cost_usd', 'model_cost_stats.model_mean_cost_usd',
            'model_cost_stats.model_std_cost_usd', 'model_cost_stats.model_calls') }} as is_anomalous
    from successful_calls
    inner join model_cost_stats
        on
            successful_calls.provider = model_cost_stats.provider
            and successful_calls.model = model_cost_stats.model

),

final as (

    select
        call_id,
        "timestamp",
        call_date,
        call_hour,
        customer_id,
        organization_id,
        product_id,
        feature_id,
        region,
        provider,
        model,
        cost_usd,
        total_tokens,
        model_calls,
        model_mean_cost_usd,
        model_std_cost_usd,
        z,
        {{ safe_ratio('cost_usd', 'model_mean_cost_usd') }} as multiple_of_mean,
        cost_usd - model_mean_cost_usd as excess_cost_usd
    from scored
    where is_anomalous

)

select * from final
