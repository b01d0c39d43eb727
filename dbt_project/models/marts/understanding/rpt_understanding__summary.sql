-- §6.1 summary: one row of window totals, also on empty input (zero counts, NULL ratios).
with

calls as (

    select * from {{ ref('fct_calls') }}

),

analysis_window as (

    select * from {{ ref('int_analysis_window') }}

),

totals as (

    select
        count(*) as calls,
        count(*) filter (where is_success) as successful_calls,
        count(*) filter (where not is_success) as failed_calls,
        coalesce(sum(cost_usd), 0) as cost_usd,
        cast(coalesce(sum(input_tokens), 0) as {{ dbt.type_bigint() }}) as input_tokens,
        cast(coalesce(sum(output_tokens), 0) as {{ dbt.type_bigint() }}) as output_tokens,
        cast(coalesce(sum(total_tokens), 0) as {{ dbt.type_bigint() }}) as total_tokens,
        count(distinct customer_id) as customers,
        count(distinct organization_id) as organizations,
        count(distinct provider) as providers,
        count(distinct {{ dbt.concat(["provider", "'/'", "model"]) }}) as models
    from calls

),

final as (

    select
        totals.calls,
        totals.successful_calls,
        totals.failed_calls,
        totals.cost_usd,
        totals.input_tokens,
        totals.output_tokens,
        totals.total_tokens,
        totals.customers,
        totals.organizations,
        totals.providers,
        totals.models,
        {{ safe_ratio('totals.cost_usd', 'totals.calls') }} as avg_cost_per_call,
        {{ safe_ratio('totals.total_tokens', 'totals.calls') }} as avg_tokens_per_call,
        {{ cost_per_1k('totals.cost_usd', 'totals.total_tokens') }} as cost_per_1k_tokens,
        analysis_window.window_start,
        analysis_window.window_end,
        analysis_window.window_days,
        analysis_window.covered_days
    from totals
    cross join analysis_window

)

select * from final
