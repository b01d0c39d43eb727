-- §6.13 cost_anomalies: the shared anomalous calls (int_call_cost_anomalies, §1.6) with customer,
-- model, feature, cost, tokens, timestamp and z; rank by z desc (ties: call_id).
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
        model_std_cost_usd,
        z,
        excess_cost_usd,
        row_number() over (order by z desc, call_id) as rank
    from anomalies

)

select * from final
