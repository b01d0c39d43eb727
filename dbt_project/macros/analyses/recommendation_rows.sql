{#- The §1.11 columns (without rank) of an int_recommendations__<analysis> model, typed the same in
    every analysis so rpt_recommendations can union them: select from a relation that has rec_code,
    severity, entity_type, entity_id, metric_name, metric_value, threshold_name, threshold_value,
    impact_usd and message. Usage: {{ recommendation_rows('pricing', 'candidates') }}. -#}
{% macro recommendation_rows(analysis, relation) -%}
    select
        '{{ analysis }}' as analysis,
        rec_code,
        severity,
        entity_type,
        entity_id,
        metric_name,
        cast(metric_value as {{ type_double() }}) as metric_value,
        threshold_name,
        cast(threshold_value as {{ type_double() }}) as threshold_value,
        cast(impact_usd as {{ type_double() }}) as impact_usd,
        message
    from {{ relation }}
{%- endmacro %}
