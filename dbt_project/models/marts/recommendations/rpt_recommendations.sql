-- §1.11: every recommendation of every analysis, one row per (analysis, rec_code, entity_id),
-- ranked by severity (critical, warning, info), impact_usd desc (NULL last), rec_code,
-- entity_id. An analysis joins by adding its int_recommendations__<analysis> model to the list.
{%- set analyses = [
    'dataset_overview',
    'profitability',
    'geographic_latency',
    'token_economics',
    'understanding',
    'pricing',
    'performance',
    'features',
    'alignment',
    'abuse_detection',
    'optimization',
    'churn_growth',
    'realtime',
    'agents',
] %}

with

{% for analysis in analyses -%}
{{ analysis }} as (

    select * from {{ ref('int_recommendations__' ~ analysis) }}

),

{% endfor -%}

unioned as (

    {% for analysis in analyses -%}
    select
        analysis,
        rec_code,
        severity,
        entity_type,
        entity_id,
        metric_name,
        metric_value,
        threshold_name,
        threshold_value,
        impact_usd,
        message
    from {{ analysis }}
    {% if not loop.last %}union all
    {% endif -%}
    {%- endfor %}

),

final as (

    select
        *,
        row_number() over (
            order by
                case severity when 'critical' then 1 when 'warning' then 2 else 3 end,
                case when impact_usd is null then 1 else 0 end,
                impact_usd desc,
                rec_code,
                entity_id,
                analysis
        ) as rank
    from unioned

)

select * from final
