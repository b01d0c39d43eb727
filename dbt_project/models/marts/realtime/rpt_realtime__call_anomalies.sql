-- §6.3 call_anomalies: every successful call whose cost is anomalous against the successful
-- calls of its (provider, model) (int_call_cost_anomalies, §1.6), with the model mean, z and the
-- multiple of the mean.
with

anomalies as (

    select * from {{ ref('int_call_cost_anomalies') }}

),

final as (

    select
        call_id,
        "timestamp",
        customer_id,
        organization_id,
        provider,
        model,
        feature_id,
        cost_usd,
        total_tokens,
        model_mean_cost_usd,
        z,
        multiple_of_mean
    from anomalies

)

select * from final
