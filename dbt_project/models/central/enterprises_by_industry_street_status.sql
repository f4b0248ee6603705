-- 企业 enterprises by industry, street and registration status, with their power use.
with enterprises as (

    select * from {{ ref('stg_enterprise_registration') }}

),

power as (

    select * from {{ ref('int_power_by_enterprise') }}

)

select
    enterprises.industry,
    {{ street_of('enterprises.registered_address') }}        as street,
    enterprises.status,
    count(*)                                                 as cell_count,
    count(power.uscc)                                        as with_power_account,
    coalesce(sum(power.power_accounts), 0)                   as power_accounts,
    coalesce(sum(power.contract_kva), 0)                     as contract_kva,
    coalesce(sum(power.annual_kwh), 0)                       as annual_kwh
from enterprises
left join power on power.uscc = enterprises.uscc
group by all
