-- 一人一档 one de-identified record per registered resident, keyed by masking's pseudonym,
-- carrying the linked facts every provider holds about that person.
with residents as (

    select * from {{ ref('stg_household_registration') }}

),

insurance as (

    select * from {{ ref('int_insurance_by_person') }}

),

allowance as (

    select * from {{ ref('stg_subsistence_allowance') }}

),

water as (

    select * from {{ ref('int_water_by_holder') }}

),

births as (

    select mother_key as person_key, count(*) as births
    from {{ ref('stg_birth_registration') }}
    group by mother_key

)

select
    residents.person_key,
    residents.gender,
    year(residents.birth_date)                    as birth_year,
    {{ age_band('residents.birth_date') }}        as age_band,
    residents.street,
    coalesce(insurance.insured, false)            as insured,
    coalesce(insurance.active_insurances, 0)      as active_insurances,
    coalesce(insurance.pension_insured, false)    as pension_insured,
    coalesce(insurance.medical_insured, false)    as medical_insured,
    allowance.person_key is not null              as allowance_recipient,
    allowance.monthly_amount                      as allowance_monthly_amount,
    coalesce(water.water_accounts, 0)             as water_accounts,
    water.water_monthly_m3,
    coalesce(births.births, 0)                    as births_as_mother
from residents
left join insurance on insurance.person_key = residents.person_key
left join allowance on allowance.person_key = residents.person_key
left join water on water.person_key = residents.person_key
left join births on births.person_key = residents.person_key
