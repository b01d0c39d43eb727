{#- §1.2: the project variable `environments` may restrict the analysed calls; [] means all.
    Renders a boolean SQL condition on the given column. -#}
{% macro environment_filter(column='environment') -%}
    {%- set environments = var('environments', []) -%}
    {%- if environments | length == 0 -%}
        1 = 1
    {%- else -%}
        {{ column }} in (
            {%- for environment in environments -%}
                '{{ environment }}'{{ ", " if not loop.last }}
            {%- endfor -%}
        )
    {%- endif -%}
{%- endmacro %}
