{#- Window arithmetic of catalogue §1.4–§1.5, written once for every analysis.
    `window_days` is the fractional window length of int_analysis_window (never below one hour). -#}

{#- Prorated revenue of a monthly price over the window: price × window_days ÷ days_per_month.
    A $199 customer over a 7-day window brings $45.7621 (§1.5). NULL price gives NULL. -#}
{% macro prorated_revenue(monthly_price, window_days) -%}
    ({{ monthly_price }} * {{ window_days }} / {{ threshold('days_per_month') }})
{%- endmacro %}

{#- Monthly projection of an amount (or monthly rate of a count) observed over the window:
    x × days_per_month ÷ window_days, so "per month" thresholds never depend on the window. -#}
{% macro monthly_projection(amount, window_days) -%}
    (cast({{ amount }} as {{ type_double() }}) * {{ threshold('days_per_month') }} / nullif({{ window_days }}, 0))
{%- endmacro %}

{#- Ratio with the §1.7 rule: NULL when the denominator is zero or NULL, never 0 or an error. -#}
{% macro safe_ratio(numerator, denominator) -%}
    (cast({{ numerator }} as {{ type_double() }}) / nullif(cast({{ denominator }} as {{ type_double() }}), 0))
{%- endmacro %}

{#- Percentage on the 0–100 scale with the same NULL rule. -#}
{% macro safe_pct(numerator, denominator) -%}
    (100.0 * {{ safe_ratio(numerator, denominator) }})
{%- endmacro %}

{#- Cost per 1,000 tokens as a ratio of sums (§1.2): 1000 × Σ cost ÷ Σ total_tokens. -#}
{% macro cost_per_1k(cost_sum, token_sum) -%}
    (1000.0 * {{ safe_ratio(cost_sum, token_sum) }})
{%- endmacro %}
