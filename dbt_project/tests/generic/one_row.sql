{#- The grain test of a one-row summary mart (§6.9 `summary`, `scale`, `temporal`): exactly one
    row, also on empty input (§1.4). Fails with the row count when it is not 1. -#}
{% test one_row(model) %}
select row_count
from (select count(*) as row_count from {{ model }}) as counted
where row_count <> 1
{% endtest %}
