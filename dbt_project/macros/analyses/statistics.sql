{#- The one anomaly rule of catalogue §1.6, so `anomaly_sigma` changes every anomaly figure:
    x is anomalous when its comparison set has n ≥ min_anomaly_points values, σ > 0 (population
    deviation) and x > μ + anomaly_sigma × σ. One-sided; a NULL anywhere gives false. -#}
{% macro is_anomalous(value, mean, std, points) -%}
    coalesce(
        {{ points }} >= {{ threshold('min_anomaly_points') }}
        and {{ std }} > 0
        and {{ value }} > {{ mean }} + {{ threshold('anomaly_sigma') }} * {{ std }},
        false
    )
{%- endmacro %}

{#- z = (x − μ) ÷ σ, NULL when σ is zero or NULL. -#}
{% macro z_score(value, mean, std) -%}
    (({{ value }} - {{ mean }}) / nullif({{ std }}, 0))
{%- endmacro %}
