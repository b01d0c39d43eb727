-- §6.13 outliers: customers scoring at least `abuse_detection_outlier_flag_score`: cost above the
-- cost multiple × mean customer cost (+50, cost_<N>x_avg), calls above the volume multiple × mean
-- customer calls (+40, volume_<N>x_avg), mean successful latency below the fast bound (+10,
-- unusually_fast_responses); N is the multiple with one decimal.
{%- set rules = [
    ('is_costly', 'abuse_detection_outlier_cost_points', "'cost_' || " ~ format_number('cost_multiple', 1) ~ " || 'x_avg'"),
    ('is_heavy', 'abuse_detection_outlier_volume_points', "'volume_' || " ~ format_number('volume_multiple', 1) ~ " || 'x_avg'"),
    ('is_fast', 'abuse_detection_fast_points', "'unusually_fast_responses'"),
] %}

with

customers as (

    select * from {{ ref('int_customer_window') }}

),

signals as (

    select * from {{ ref('int_abuse_detection__customer_signals') }}

),

multiples as (

    select
        customers.customer_id,
        customers.calls,
        customers.cost_usd,
        signals.avg_success_latency_ms,
        {{ safe_ratio('customers.cost_usd', 'avg(customers.cost_usd) over ()') }} as cost_multiple,
        {{ safe_ratio('customers.calls', 'avg(customers.calls) over ()') }} as volume_multiple
    from customers
    inner join signals
        on customers.customer_id = signals.customer_id

),

flagged as (

    select
        *,
        coalesce(cost_multiple > {{ threshold('abuse_detection_outlier_cost_multiple') }}, false) as is_costly,
        coalesce(volume_multiple > {{ threshold('abuse_detection_outlier_volume_multiple') }}, false) as is_heavy,
        coalesce(avg_success_latency_ms < {{ threshold('abuse_detection_fast_latency_ms') }}, false) as is_fast
    from multiples

),

final as (

    select
        customer_id,
        calls,
        cost_usd,
        cost_multiple,
        volume_multiple,
        avg_success_latency_ms,
        {{ rule_score(rules) }} as score,
        {{ rule_flags(rules) }} as flags
    from flagged

)

select *
from final
where score >= {{ threshold('abuse_detection_outlier_flag_score') }}
