{#- Thresholds live in one place, the `thresholds` seed (catalogue §1.12); SQL never writes one
    as a literal. `threshold('name')` renders a scalar subquery on the seed, so it works on every
    adapter, in unit tests (an unmocked seed is read from its file) and creates the dependency
    on the seed. A name missing from the seed fails the `thresholds_are_known` pytest. -#}
{% macro threshold(name) -%}
    (select {{ dbt.safe_cast('value', type_double()) }} from {{ ref('thresholds') }} where name = '{{ name }}')
{%- endmacro %}

{#- The text value of a threshold, e.g. the comma-separated list `simple_features`. -#}
{% macro threshold_text(name) -%}
    (select value from {{ ref('thresholds') }} where name = '{{ name }}')
{%- endmacro %}
