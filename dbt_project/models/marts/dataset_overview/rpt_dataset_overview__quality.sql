-- §6.9 quality: one row per check. Fixed checks are always present (zero on empty input);
-- `quarantined:<reason>` rows exist for each quarantine reason that occurred.
{%- set call_checks = [
    ('pricing', 'unpriced_calls', 'Calls with no price row valid at their timestamp'),
    ('pricing', 'reported_cost_calls', 'Priced calls whose cost was reported by the source'),
    ('pricing', 'reported_vs_list_cost_diff_usd', 'Sum of reported cost minus list cost (USD)'),
    ('pricing', 'reported_vs_list_max_rel_diff', 'Largest |reported − list| ÷ list'),
    ('attributes', 'unknown_organization_calls', 'Calls with organization unknown'),
    ('attributes', 'unknown_customer_calls', 'Calls with customer unknown'),
    ('attributes', 'unknown_feature_calls', 'Calls with feature unknown'),
    ('workflows', 'implicit_workflows', 'Workflow ids named by calls without a start event'),
    ('workflows', 'orphan_parent_calls', 'Calls whose parent_call_id names no call'),
    ('workflows', 'cross_workflow_parent_calls', 'Calls whose parent belongs to another workflow'),
] %}

with

batches as (

    select * from {{ ref('stg_batches') }}

),

quarantine as (

    select * from {{ ref('stg_quarantine') }}

),

superseded as (

    select * from {{ ref('int_superseded_calls') }}

),

customers as (

    select * from {{ ref('dim_customers') }}

),

call_checks as (

    select * from {{ ref('int_dataset_overview__call_checks') }}

),

load_totals as (

    select
        coalesce(sum(rows_read), 0) as rows_read,
        coalesce(sum(rows_accepted), 0) as rows_accepted,
        coalesce(sum(rows_quarantined), 0) as rows_quarantined
    from batches

),

checks as (

    select 'load' as check_group, 'rows_read' as check_name, cast(rows_read as {{ type_double() }}) as value,
        'Rows read over all batches' as detail
    from load_totals
    union all
    select 'load', 'rows_accepted', cast(rows_accepted as {{ type_double() }}), 'Rows accepted over all batches'
    from load_totals
    union all
    select 'load', 'rows_quarantined', cast(rows_quarantined as {{ type_double() }}),
        'Rows quarantined over all batches'
    from load_totals
    union all
    select 'load', 'quarantined_pct', 100.0 * rows_quarantined / nullif(rows_read, 0),
        'Quarantined ÷ read × 100'
    from load_totals
    union all
    select 'load', 'duplicate_rows', cast(count(case when reason = 'duplicate_row' then 1 end) as {{ type_double() }}),
        'Rows quarantined as duplicate_row (§3.6)'
    from quarantine
    union all
    select 'quarantine_reason', {{ dbt.concat(["'quarantined:'", "reason"]) }}, cast(count(*) as {{ type_double() }}), reason
    from quarantine
    group by reason
    union all
    select 'identity', 'superseded_ids', cast(count(*) as {{ type_double() }}), 'Call ids loaded by more than one batch'
    from superseded
    union all
    select 'identity', 'superseded_rows', cast(coalesce(sum(superseded_rows), 0) as {{ type_double() }}),
        'Older rows replaced by a later batch (§3.6)'
    from superseded
    union all
    select 'attributes', 'attribute_drift_customers',
        cast(count(case when has_attribute_drift then 1 end) as {{ type_double() }}),
        'Customers whose tier, organization, product or archetype changed between calls'
    from customers
    {%- for group, name, detail in call_checks %}
    union all
    select '{{ group }}', '{{ name }}', cast({{ name }} as {{ type_double() }}), '{{ detail }}'
    from call_checks
    {%- endfor %}

),

final as (

    select
        check_name,
        check_group,
        value,
        detail
    from checks

)

select * from final
