{#- The rows of one group type of int_token_economics__group_metrics as a §6.10 by_feature /
    by_archetype mart: per-call averages, aggregate ratios and the efficiency score, keyed by
    `key_name`. Both marts have the same columns, so they are written once here. -#}
{% macro token_group_rows(group_type, key_name) -%}
    select
        group_key as {{ key_name }},
        calls,
        avg_input_tokens,
        avg_output_tokens,
        io_ratio,
        cost_usd,
        cost_per_1k,
        cost_per_call,
        efficiency_score
    from {{ ref('int_token_economics__group_metrics') }}
    where group_type = '{{ group_type }}'
{%- endmacro %}
