{#- Margin band of catalogue §6.6, the one rule everywhere: lower bounds inclusive (§1.8), so a
    margin of exactly 50.0 % is high_margin. A NULL margin (no price, no revenue) is no_price. -#}
{% macro margin_band(margin_pct) -%}
    case
        when {{ margin_pct }} is null then 'no_price'
        when {{ margin_pct }} >= {{ threshold('margin_high_pct') }} then 'high_margin'
        when {{ margin_pct }} >= {{ threshold('margin_medium_pct') }} then 'medium_margin'
        when {{ margin_pct }} >= {{ threshold('margin_low_pct') }} then 'low_margin'
        else 'unprofitable'
    end
{%- endmacro %}
