-- §6.10 by_feature: per-call averages and aggregate ratios per feature (the call's own value, §1.2).
-- depends_on: {{ ref('int_token_economics__group_metrics') }}
{{ token_group_rows('feature', 'feature_id') }}
