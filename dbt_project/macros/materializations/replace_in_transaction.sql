{#- Table and view materializations for DuckDB that replace a relation inside one transaction.

    Why: dbt's stock materializations build `<name>__dbt_tmp`, rename the live relation to a
    backup, rename the new one into place and drop the backup — about eleven statements a model,
    each with its own Python, logging and catalog round trip. That dance exists for warehouses
    without transactional DDL. DuckDB's DDL is transactional, so dropping the old relation and
    creating the new one between BEGIN and COMMIT is just as atomic: a reader sees the old
    relation or the new one, never neither, and a failed build (a broken contract constraint, a
    bad cast) rolls back and leaves the old relation in place. It is half the statements per
    model, which is most of a build's time on small data (docs/architecture.md, "dbt speed").

    Contracts and constraints are unchanged: `create_table_as` / `create_view_as` are the
    adapter's own macros, which check the contract's columns and create the constraints.
    Hooks, grants and persisted docs run where the stock materializations run them. Models
    that declare foreign keys keep the adapter's own table materialization (it orders their
    rebuild); this project declares none.
-#}

{% materialization table, adapter='duckdb' %}
  {{ return(replace_in_transaction('table', compiled_code, pre_hooks, post_hooks)) }}
{% endmaterialization %}


{% materialization view, adapter='duckdb' %}
  {{ return(replace_in_transaction('view', compiled_code, pre_hooks, post_hooks)) }}
{% endmaterialization %}


{#- The body of both materializations: `kind` is 'table' or 'view'. -#}
{% macro replace_in_transaction(kind, code, pre_hooks, post_hooks) %}
  {%- set existing_relation = load_cached_relation(this) -%}
  {%- set target_relation = this.incorporate(type=kind) -%}
  {%- set grant_config = config.get('grants') -%}

  {{ run_hooks(pre_hooks, inside_transaction=False) }}
  {{ run_hooks(pre_hooks, inside_transaction=True) }}

  {{ drop_in_transaction(existing_relation) }}
  {% call statement('main') -%}
    {% if kind == 'table' %}
      {{ create_table_as(False, target_relation, code) }}
    {% else %}
      {{ get_create_view_as_sql(target_relation, code) }}
    {% endif %}
  {%- endcall %}

  {{ run_hooks(post_hooks, inside_transaction=True) }}
  {% do apply_grants(target_relation, grant_config, should_revoke=should_revoke(existing_relation, full_refresh_mode=True)) %}
  {% do persist_docs(target_relation, model) %}
  {{ adapter.commit() }}
  {{ run_hooks(post_hooks, inside_transaction=False) }}

  {{ return({'relations': [target_relation]}) }}
{% endmacro %}


{#- Drop `relation` as the first statement of the model's transaction (the adapter's
    drop_relation runs outside one, which would leave a gap between the drop and the create). -#}
{% macro drop_in_transaction(relation) %}
  {% if relation is not none %}
    {% call statement('drop_existing', auto_begin=True) -%}
      drop {{ relation.type }} if exists {{ relation }}
    {%- endcall %}
    {% do adapter.cache_dropped(relation) %}
  {% endif %}
{% endmacro %}
