{#- Primary key over several columns: no two rows share the combination, none of them NULL.
    Usage: data_tests: [{unique_combination: {arguments: {columns: [a, b]}}}] on the model. -#}
{% test unique_combination(model, columns) %}
with keyed as (
    select {{ columns | join(', ') }}, count(*) as rows_with_key
    from {{ model }}
    group by {{ columns | join(', ') }}
)

select *
from keyed
where rows_with_key > 1
    {%- for column in columns %}
    or {{ column }} is null
    {%- endfor %}
{% endtest %}
