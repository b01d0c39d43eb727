-- §6.12 engagement: score = min(40, monthly_calls ÷ 50 × 40) + min(30, features ÷ features offered
-- × 30) + min(30, monthly_cost ÷ $10 × 30); level high ≥ 70, medium ≥ 40, else low. The features
-- offered are the rows of the features seed.
with

customers as (

    select * from {{ ref('int_churn_growth__customers') }}

),

offered as (

    select count(*) as features_offered
    from {{ ref('features') }}

),

scored as (

    select
        customers.customer_id,
        customers.tier,
        customers.archetype,
        customers.monthly_calls,
        customers.features,
        customers.monthly_cost_usd,
        least({{ threshold('churn_growth_engagement_calls_points') }},
            customers.monthly_calls / {{ threshold('churn_growth_engagement_calls_monthly') }}
            * {{ threshold('churn_growth_engagement_calls_points') }})
        + least({{ threshold('churn_growth_engagement_features_points') }},
            {{ safe_ratio('customers.features', 'offered.features_offered') }}
            * {{ threshold('churn_growth_engagement_features_points') }})
        + least({{ threshold('churn_growth_engagement_cost_points') }},
            customers.monthly_cost_usd / {{ threshold('churn_growth_engagement_cost_monthly_usd') }}
            * {{ threshold('churn_growth_engagement_cost_points') }}) as score
    from customers
    cross join offered

),

final as (

    select
        *,
        case
            when score >= {{ threshold('churn_growth_engagement_high_score') }} then 'high'
            when score >= {{ threshold('churn_growth_engagement_medium_score') }} then 'medium'
            else 'low'
        end as level
    from scored

)

select * from final
