-- §6.10 io_distribution: the spread of per-call io_ratio (input ÷ output) over calls with
-- output > 0, and the balanced / input-heavy / output-heavy counts. One row, also when empty.
with

calls as (

    select * from {{ ref('int_token_economics__calls') }}

),

final as (

    select
        cast(count(io_ratio) as {{ dbt.type_bigint() }}) as calls_with_output,
        cast(count(*) - count(io_ratio) as {{ dbt.type_bigint() }}) as calls_without_output,
        min(io_ratio) as min_io_ratio,
        {{ percentile_cont('io_ratio', 0.25) }} as p25_io_ratio,
        {{ percentile_cont('io_ratio', 0.5) }} as median_io_ratio,
        {{ percentile_cont('io_ratio', 0.75) }} as p75_io_ratio,
        max(io_ratio) as max_io_ratio,
        avg(io_ratio) as mean_io_ratio,
        cast(count(case
            when io_ratio >= {{ threshold('token_economics_io_balanced_min_ratio') }}
                and io_ratio <= {{ threshold('token_economics_io_balanced_max_ratio') }}
                then 1
        end) as {{ dbt.type_bigint() }}) as balanced_calls,
        cast(count(case
            when io_ratio > {{ threshold('token_economics_io_balanced_max_ratio') }} then 1
        end) as {{ dbt.type_bigint() }}) as input_heavy_calls,
        cast(count(case
            when io_ratio < {{ threshold('token_economics_io_balanced_min_ratio') }} then 1
        end) as {{ dbt.type_bigint() }}) as output_heavy_calls
    from calls

)

select * from final
