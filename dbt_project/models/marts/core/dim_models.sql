-- One row per (provider, model): every catalogue model with its latest price row, blended
-- price and switch targets (§4.4), every model seen in calls but absent from the catalogue
-- (status `unpriced`), and the `unknown` member.
with

catalogue as (

    select * from {{ ref('int_model_targets') }}

),

calls as (

    select * from {{ ref('fct_calls') }}

),

catalogue_members as (

    select
        {{ dbt.concat(["provider", "'/'", "model"]) }} as model_key,
        provider,
        model,
        capability_class,
        status,
        price_version_id as latest_price_version_id,
        input_usd_per_mtok,
        output_usd_per_mtok,
        cached_input_usd_per_mtok,
        cache_write_usd_per_mtok,
        blended_usd_per_mtok,
        like_for_like_model,
        downshift_model,
        true as is_in_catalogue,
        false as is_unknown_member
    from catalogue

),

seen_only as (

    select distinct
        model_key,
        provider,
        model
    from calls
    where model_key not in (select catalogue_members.model_key from catalogue_members)

),

extra_members as (

    select
        model_key,
        provider,
        model,
        'unknown' as capability_class,
        'unpriced' as status,
        model_key = 'unknown/unknown' as is_unknown_member
    from seen_only
    union all
    select
        'unknown/unknown' as model_key,
        'unknown' as provider,
        'unknown' as model,
        'unknown' as capability_class,
        'unpriced' as status,
        true as is_unknown_member
    where not exists (select 1 from seen_only where seen_only.model_key = 'unknown/unknown')

),

final as (

    select * from catalogue_members
    union all
    select
        model_key,
        provider,
        model,
        capability_class,
        status,
        cast(null as {{ dbt.type_string() }}) as latest_price_version_id,
        cast(null as {{ type_double() }}) as input_usd_per_mtok,
        cast(null as {{ type_double() }}) as output_usd_per_mtok,
        cast(null as {{ type_double() }}) as cached_input_usd_per_mtok,
        cast(null as {{ type_double() }}) as cache_write_usd_per_mtok,
        cast(null as {{ type_double() }}) as blended_usd_per_mtok,
        cast(null as {{ dbt.type_string() }}) as like_for_like_model,
        cast(null as {{ dbt.type_string() }}) as downshift_model,
        false as is_in_catalogue,
        is_unknown_member
    from extra_members

)

select * from final
