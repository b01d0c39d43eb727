{#- Point scores of the §6.12–§6.13 rule tables (churn_risk, expansion, tier_gaming, outliers): each
    rule is (flag_column, points_threshold, label_sql), where flag_column is a non-NULL boolean,
    points_threshold names the seed entry holding its points and label_sql renders the flag's
    text. The score is the sum of the points of the rules that hold; the flags are their labels,
    comma-separated, in the rules' order (the catalogue's order). -#}

{% macro rule_score(rules) -%}
    cast(
        {%- for flag, points, label in rules %}
        {% if not loop.first %}+ {% endif %}case when {{ flag }} then {{ threshold(points) }} else 0 end
        {%- endfor %}
        as {{ type_double() }}
    )
{%- endmacro %}

{% macro rule_flags(rules) -%}
    concat_ws(', '
        {%- for flag, points, label in rules %},
        case when {{ flag }} then {{ label }} end
        {%- endfor %}
    )
{%- endmacro %}
