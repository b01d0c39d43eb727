-- §4.4: the blended list price of every catalogue model (its latest price row) and its switch
-- targets: like-for-like (current, same provider and class, lowest blended price, strictly
-- cheaper) and downshift (current, same provider, next lower class, lowest blended price).
-- Ties fall to the model name. Savings are computed by re-pricing with the target's row.
with

price_book as (

    select * from {{ ref('price_book') }}

),

latest_rows as (

    select
        *,
        row_number() over (
            partition by provider, model order by valid_from desc
        ) as recency_rank
    from price_book

),

models as (

    select
        price_version_id,
        provider,
        model,
        capability_class,
        status,
        input_usd_per_mtok,
        output_usd_per_mtok,
        cached_input_usd_per_mtok,
        cache_write_usd_per_mtok,
        (
            {{ threshold('blend_input_weight') }} * input_usd_per_mtok
            + {{ threshold('blend_output_weight') }} * output_usd_per_mtok
        ) / ({{ threshold('blend_input_weight') }} + {{ threshold('blend_output_weight') }})
            as blended_usd_per_mtok,
        case capability_class
            when 'frontier' then 'balanced'
            when 'balanced' then 'fast'
        end as downshift_class
    from latest_rows
    where recency_rank = 1

),

candidates as (

    select * from models
    where status = 'current'

),

ranked_targets as (

    select
        models.provider,
        models.model,
        case
            when candidates.capability_class = models.capability_class then 'like_for_like'
            else 'downshift'
        end as target_kind,
        candidates.model as target_model,
        candidates.price_version_id as target_price_version_id,
        candidates.blended_usd_per_mtok < models.blended_usd_per_mtok as is_cheaper,
        row_number() over (
            partition by
                models.provider,
                models.model,
                candidates.capability_class = models.capability_class
            order by candidates.blended_usd_per_mtok, candidates.model
        ) as target_rank
    from models
    inner join candidates
        on
            models.provider = candidates.provider
            and (
                models.capability_class = candidates.capability_class
                or models.downshift_class = candidates.capability_class
            )

),

targets as (

    select
        provider,
        model,
        max(case when target_kind = 'like_for_like' and is_cheaper then target_model end)
            as like_for_like_model,
        max(case when target_kind = 'like_for_like' and is_cheaper then target_price_version_id end)
            as like_for_like_price_version_id,
        max(case when target_kind = 'downshift' then target_model end) as downshift_model,
        max(case when target_kind = 'downshift' then target_price_version_id end)
            as downshift_price_version_id
    from ranked_targets
    where target_rank = 1
    group by provider, model

),

final as (

    select
        models.price_version_id,
        models.provider,
        models.model,
        models.capability_class,
        models.status,
        models.input_usd_per_mtok,
        models.output_usd_per_mtok,
        models.cached_input_usd_per_mtok,
        models.cache_write_usd_per_mtok,
        models.blended_usd_per_mtok,
        targets.like_for_like_model,
        targets.like_for_like_price_version_id,
        targets.downshift_model,
        targets.downshift_price_version_id
    from models
    left join targets
        on
            models.provider = targets.provider
            and models.model = targets.model

)

select * from final
