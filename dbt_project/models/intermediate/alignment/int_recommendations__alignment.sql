-- §6.5 recommendations (§1.11 columns without rank): a row exists only when its trigger holds on
-- non-empty data; NULL figures never satisfy a trigger (§1.7).
with

figures as (

    select * from {{ ref('int_alignment__trigger_figures') }}

),

candidates as (

    select
        'org_concentration' as rec_code,
        'warning' as severity,
        'organization' as entity_type,
        top_organization_id as entity_id,
        'cost_share_pct' as metric_name,
        top_organization_share_pct as metric_value,
        'org_concentration_pct' as threshold_name,
        {{ threshold('org_concentration_pct') }} as threshold_value,
        cast(null as {{ type_double() }}) as impact_usd,
        top_organization_id || ' accounts for ' || {{ fmt_pct('top_organization_share_pct') }}
        || ' of AI spend (' || {{ fmt_usd('top_organization_cost_usd') }}
        || '); agree a budget and chargeback with it' as message
    from figures
    where top_organization_share_pct > {{ threshold('org_concentration_pct') }}

    union all

    select
        'org_efficiency_gap',
        'info',
        'organization',
        least_efficient_organization_id,
        'gap_ratio',
        gap_ratio,
        'efficiency_gap_ratio',
        {{ threshold('efficiency_gap_ratio') }},
        null,
        case when gap_ratio >= {{ threshold('efficiency_gap_significant_ratio') }} then 'Significant gap: ' else 'Gap: ' end
        || least_efficient_organization_id || ' pays ' || {{ fmt_usd('least_efficient_cost_per_call') }}
        || ' per call, ' || {{ fmt_multiple('gap_ratio') }} || ' the ' || {{ fmt_usd('most_efficient_cost_per_call') }}
        || ' of ' || most_efficient_organization_id || '; share its practices'
    from figures
    where gap_ratio >= {{ threshold('efficiency_gap_ratio') }}

    union all

    select
        'low_adoption_costly_features',
        'warning',
        'dataset',
        '',
        'low_adoption_costly_features',
        low_adoption_costly_features,
        'low_adoption_pct',
        {{ threshold('low_adoption_pct') }},
        null,
        {{ fmt_count('low_adoption_costly_features') }} || ' feature(s) used by fewer than '
        || {{ fmt_pct(threshold('low_adoption_pct')) }} || ' of customers cost more than '
        || {{ fmt_usd(threshold('feature_sunset_min_cost_usd')) }} || ' a month: '
        || low_adoption_costly_feature_names || '; review or sunset them'
    from figures
    where low_adoption_costly_features >= 1

    union all

    select
        'product_budgets',
        'info',
        'dataset',
        '',
        'products',
        products,
        'alignment_product_budgets_min_products',
        {{ threshold('alignment_product_budgets_min_products') }},
        null,
        'Set a budget per product line; cost shares: ' || product_cost_shares
    from figures
    where products >= {{ threshold('alignment_product_budgets_min_products') }}

    union all

    select
        'untagged_cost',
        'warning',
        'dataset',
        '',
        'untagged_cost_share_pct',
        untagged_cost_share_pct,
        'untagged_cost_share_pct',
        {{ threshold('untagged_cost_share_pct') }},
        null,
        {{ fmt_pct('untagged_cost_share_pct') }} || ' of spend (' || {{ fmt_usd('untagged_cost_usd') }}
        || ') is on calls without an organization, customer or feature; tag them for chargeback'
    from figures
    where untagged_cost_share_pct > {{ threshold('untagged_cost_share_pct') }}

),

final as (

    {{ recommendation_rows('alignment', 'candidates') }}

)

select * from final
