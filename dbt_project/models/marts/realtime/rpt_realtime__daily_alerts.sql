-- §6.3 daily_alerts: platform-days and organization-days whose cost exceeds high_daily_cost_usd,
-- or with at least error_rate_min_calls calls and an error rate above error_rate_alert_pct; the
-- kind says which (cost, error_rate or both). Only days with calls can alert.
with

calls as (

    select * from {{ ref('fct_calls') }}

),

entity_days as (

    select
        'platform' as entity_type,
        'platform' as entity_id,
        call_date as alert_date,
        count(*) as calls,
        count(*) filter (where not is_success) as errors,
        sum(cost_usd) as cost_usd
    from calls
    group by call_date

    union all

    select
        'organization',
        organization_id,
        call_date,
        count(*),
        count(*) filter (where not is_success),
        sum(cost_usd)
    from calls
    group by organization_id, call_date

),

flagged as (

    select
        *,
        {{ safe_ratio('errors', 'calls') }} as error_rate,
        cost_usd > {{ threshold('high_daily_cost_usd') }} as is_cost_alert,
        calls >= {{ threshold('error_rate_min_calls') }}
        and 100.0 * {{ safe_ratio('errors', 'calls') }} > {{ threshold('error_rate_alert_pct') }} as is_error_alert
    from entity_days

),

final as (

    select
        entity_type,
        entity_id,
        alert_date,
        calls,
        cost_usd,
        error_rate,
        case
            when is_cost_alert and is_error_alert then 'both'
            when is_cost_alert then 'cost'
            else 'error_rate'
        end as alert_kind
    from flagged
    where is_cost_alert or is_error_alert

)

select * from final
