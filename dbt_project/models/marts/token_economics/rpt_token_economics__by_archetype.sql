-- §6.10 by_archetype: per-call averages and aggregate ratios per archetype (the call's own value, §1.2).
-- depends_on: {{ ref('int_token_economics__group_metrics') }}
{{ token_group_rows('archetype', 'archetype') }}
