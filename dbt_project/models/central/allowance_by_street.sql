-- 低保对象按街道 allowance recipients by street: how many are insured, how many have a water account.
with recipients as (

    select * from {{ ref('allowance_recipients') }}

)

select
    street,
    count(*)                                                  as cell_count,
    count(*) filter (where insured)                           as insured_recipients,
    round(count(*) filter (where insured) / count(*), 4)      as insured_share,
    count(*) filter (where has_water_account)                 as with_water_account,
    sum(monthly_amount)                                       as monthly_amount_total
from recipients
group by all
