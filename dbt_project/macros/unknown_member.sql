{#- The members of a dimension over a reference seed (GitLab style): the seed's rows (key column `seed_key`, default `key`), the values
    seen in calls but missing from the seed, and an `unknown` member unless one of those
    already is `unknown`. `attributes` maps each output column to its SQL expression on the
    seed (aliased `reference`); seen-only and unknown members carry NULL attributes.
    Rendered as CTEs named reference_members, seen_members and final. -#}
{% macro dimension_members(key, seed, calls_key, attributes, seed_key=none) -%}
{%- set seed_key = seed_key or key -%}
reference_members as (

    select
        reference.{{ seed_key }} as {{ key }},
        {%- for name, expression in attributes.items() %}
        {{ expression }} as {{ name }},
        {%- endfor %}
        true as is_in_catalogue,
        reference.{{ seed_key }} = 'unknown' as is_unknown_member
    from {{ ref(seed) }} as reference

),

seen_members as (

    select distinct calls.{{ calls_key }} as {{ key }}
    from {{ ref('fct_calls') }} as calls
    where calls.{{ calls_key }} is not null
        and calls.{{ calls_key }} not in (select reference_members.{{ key }} from reference_members)

),

all_keys as (

    select {{ key }} from reference_members
    union all
    select {{ key }} from seen_members

),

final as (

    select * from reference_members
    union all
    select
        {{ key }},
        {%- for name, expression in attributes.items() %}
        null as {{ name }},
        {%- endfor %}
        false as is_in_catalogue,
        {{ key }} = 'unknown' as is_unknown_member
    from seen_members
    union all
    select
        'unknown' as {{ key }},
        {%- for name, expression in attributes.items() %}
        null as {{ name }},
        {%- endfor %}
        false as is_in_catalogue,
        true as is_unknown_member
    where not exists (select 1 from all_keys where all_keys.{{ key }} = 'unknown')

)
{%- endmacro %}
