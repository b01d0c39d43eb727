-- One row per subscription tier: the tiers seed (monthly price, next tier, included tokens),
-- tiers seen only in calls (other names are accepted on import), and `unknown`.
with

{{ dimension_members(
    key='subscription_tier',
    seed='tiers',
    seed_key='tier',
    calls_key='subscription_tier',
    attributes={
        'monthly_price_usd': 'reference.monthly_price_usd',
        'next_tier': 'reference.next_tier',
        'included_tokens_per_month': 'reference.included_tokens_per_month',
        'tier_order': 'reference.tier_order',
    },
) }}

select * from final
