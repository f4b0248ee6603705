-- 低保对象 subsistence-allowance recipients (de-identified) with their insurance and utility status.
with allowance as (

    select * from {{ ref('stg_subsistence_allowance') }}

),

insurance as (

    select * from {{ ref('int_insurance_by_person') }}

),

water as (

    select * from {{ ref('int_water_by_holder') }}

),

residents as (

    select person_key from {{ ref('stg_household_registration') }}

)

select
    allowance.person_key,
    allowance.street,
    allowance.household_size,
    allowance.monthly_amount,
    residents.person_key is not null            as registered_resident,
    coalesce(insurance.insured, false)          as insured,
    coalesce(insurance.active_insurances, 0)    as active_insurances,
    coalesce(water.water_accounts, 0) > 0       as has_water_account,
    water.water_monthly_m3
from allowance
left join insurance on insurance.person_key = allowance.person_key
left join water on water.person_key = allowance.person_key
left join residents on residents.person_key = allowance.person_key
