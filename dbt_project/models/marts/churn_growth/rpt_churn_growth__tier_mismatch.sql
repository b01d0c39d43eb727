-- §6.12 tier_mismatch: the first matching rule on monthly calls: enterprise below its minimum →
-- oversubscribed (severity 3); pro below its minimum → oversubscribed (2); starter above its
-- maximum → undersubscribed (3); pro above its maximum → undersubscribed (2).
with

customers as (

    select * from {{ ref('int_churn_growth__customers') }}

),

matched as (

    select
        customer_id,
        tier,
        archetype,
        monthly_calls,
        case
            when tier = 'enterprise' and monthly_calls < {{ threshold('churn_growth_mismatch_enterprise_min_monthly_calls') }}
                then 'oversubscribed'
            when tier = 'pro' and monthly_calls < {{ threshold('churn_growth_mismatch_pro_min_monthly_calls') }}
                then 'oversubscribed'
            when tier = 'starter' and monthly_calls > {{ threshold('churn_growth_mismatch_starter_max_monthly_calls') }}
                then 'undersubscribed'
            when tier = 'pro' and monthly_calls > {{ threshold('churn_growth_mismatch_pro_max_monthly_calls') }}
                then 'undersubscribed'
        end as mismatch,
        case
            when tier = 'enterprise' and monthly_calls < {{ threshold('churn_growth_mismatch_enterprise_min_monthly_calls') }}
                then 3
            when tier = 'pro' and monthly_calls < {{ threshold('churn_growth_mismatch_pro_min_monthly_calls') }}
                then 2
            when tier = 'starter' and monthly_calls > {{ threshold('churn_growth_mismatch_starter_max_monthly_calls') }}
                then 3
            when tier = 'pro' and monthly_calls > {{ threshold('churn_growth_mismatch_pro_max_monthly_calls') }}
                then 2
        end as severity
    from customers

)

select
    customer_id,
    tier,
    archetype,
    monthly_calls,
    mismatch,
    cast(severity as {{ dbt.type_int() }}) as severity
from matched
where mismatch is not null
