{#- A one-column primary key in one query: no NULL and no value twice. The same check as
    `unique` + `not_null`, which would scan (and, on a view, compute) the model twice.
    Usage: data_tests: [primary_key] on the key column. -#}
{% test primary_key(model, column_name) %}
select {{ column_name }}, count(*) as rows_with_key
from {{ model }}
group by {{ column_name }}
having count(*) > 1 or {{ column_name }} is null
{% endtest %}
