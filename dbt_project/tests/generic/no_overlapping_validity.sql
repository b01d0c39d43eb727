{#- Half-open validity intervals [valid_from, valid_to) never overlap within a key (§4.1: a
    (provider, model) has at most one price row valid at any instant). NULL valid_to is open. -#}
{% test no_overlapping_validity(model, partition_by, valid_from='valid_from', valid_to='valid_to') %}
with intervals as (
    select
        {{ partition_by | join(', ') }},
        {{ valid_from }} as valid_from,
        {{ valid_to }} as valid_to,
        row_number() over (order by {{ partition_by | join(', ') }}, {{ valid_from }}) as interval_id
    from {{ model }}
)

select earlier.*
from intervals as earlier
inner join intervals as later
    on
        {% for column in partition_by -%}
        earlier.{{ column }} = later.{{ column }} and
        {% endfor -%}
        earlier.interval_id < later.interval_id
        and later.valid_from < coalesce(earlier.valid_to, cast('9999-12-31' as date))
        and earlier.valid_from < coalesce(later.valid_to, cast('9999-12-31' as date))
{% endtest %}
