-- 12345 诉求 hotline demand by category, street and month of receipt.
with orders as (

    select * from {{ ref('stg_hotline_work_orders') }}

)

select
    category,
    street,
    strftime(received_at, '%Y-%m')                                  as month,
    count(*)                                                        as cell_count,
    count(*) filter (where status in ('已办结', '已回访'))            as closed_orders
from orders
group by all
