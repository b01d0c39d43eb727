{#- Every row satisfies a SQL expression (an invariant); `where` narrows the rows checked.
    Returns the offending rows. -#}
{% test expression_is_true(model, expression, where_clause=none) %}
select *
from {{ model }}
where not ({{ expression }})
{%- if where_clause %}
    and ({{ where_clause }})
{%- endif %}
{% endtest %}
