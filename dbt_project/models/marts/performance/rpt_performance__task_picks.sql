-- §6.2 task_picks: per feature, among models with ≥ min_calls_for_ranking measured calls of that
-- feature, the fastest (lowest mean latency), the cheapest (lowest per-1K) and the balanced pick
-- (highest efficiency score), with its value; ties by provider, model asc. No eligible model,
-- no row.
with

groups as (

    select * from {{ ref('int_performance__model_feature') }}
    where calls_measured >= {{ threshold('min_calls_for_ranking') }}

),

candidates as (

    select feature_id, 'fastest' as pick, provider, model, calls_measured, avg_latency_ms as value,
        row_number() over (partition by feature_id order by avg_latency_ms, provider, model) as pick_rank
    from groups
    where avg_latency_ms is not null

    union all

    select feature_id, 'cheapest', provider, model, calls_measured, cost_per_1k_tokens,
        row_number() over (partition by feature_id order by cost_per_1k_tokens, provider, model)
    from groups
    where cost_per_1k_tokens is not null

    union all

    select feature_id, 'balanced', provider, model, calls_measured, efficiency_score,
        row_number() over (partition by feature_id order by efficiency_score desc, provider, model)
    from groups
    where efficiency_score is not null

),

final as (

    select
        feature_id,
        pick,
        provider,
        model,
        calls_measured,
        cast(value as {{ type_double() }}) as value
    from candidates
    where pick_rank = 1

)

select * from final
