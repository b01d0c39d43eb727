-- §6.10 wasteful_calls: every call with at least one waste flag, once, with its flags.
with

calls as (

    select * from {{ ref('int_token_economics__calls') }}

),

final as (

    select
        call_id,
        customer_id,
        feature_id,
        provider,
        model,
        input_tokens,
        output_tokens,
        total_tokens,
        io_ratio,
        cost_usd,
        is_excessive_input as excessive_input,
        is_expensive_simple_task as expensive_simple_task,
        is_low_output_high_cost as low_output_high_cost,
        cast(
            cast(is_excessive_input as {{ dbt.type_int() }})
            + cast(is_expensive_simple_task as {{ dbt.type_int() }})
            + cast(is_low_output_high_cost as {{ dbt.type_int() }})
            as {{ dbt.type_int() }}
        ) as flag_count
    from calls
    where is_excessive_input or is_expensive_simple_task or is_low_output_high_cost

)

select * from final
