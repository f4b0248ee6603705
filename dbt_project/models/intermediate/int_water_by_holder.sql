-- 每户主用水 water accounts per holder (pseudonym).
with accounts as (

    select * from {{ ref('stg_water_accounts') }}

)

select
    holder_key          as person_key,
    count(*)            as water_accounts,
    sum(monthly_m3)     as water_monthly_m3
from accounts
group by holder_key
