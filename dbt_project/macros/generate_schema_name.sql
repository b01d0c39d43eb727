{#- Use the folder's schema name as is (`staging`, `intermediate`, `marts`, `reference`), so
    readers find the marts at `marts.<name>` whatever the target's default schema. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema | trim }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
