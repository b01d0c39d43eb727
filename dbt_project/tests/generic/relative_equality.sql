{#- Two numeric columns agree within a relative tolerance (§1.9: 1e-9), e.g. a stored cost and
    its recomputation; rows where `where_clause` is false are not compared. -#}
{% test relative_equality(model, column_name, compare_to, tolerance=1e-9, where_clause=none) %}
select *
from {{ model }}
where abs({{ column_name }} - ({{ compare_to }}))
    > {{ tolerance }} * greatest(abs({{ column_name }}), abs({{ compare_to }}), 1e-12)
{%- if where_clause %}
    and ({{ where_clause }})
{%- endif %}
{% endtest %}
