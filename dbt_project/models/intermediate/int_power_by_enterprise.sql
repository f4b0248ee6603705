-- 每企业用电 power accounts per enterprise (credit code).
with accounts as (

    select * from {{ ref('stg_power_accounts') }}

)

select
    uscc,
    count(*)            as power_accounts,
    sum(contract_kva)   as contract_kva,
    sum(annual_kwh)     as annual_kwh
from accounts
group by uscc
