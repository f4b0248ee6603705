-- 社保覆盖 social insurance coverage of registered residents by street and age band.
with residents as (

    select * from {{ ref('stg_household_registration') }}

),

insurance as (

    select * from {{ ref('int_insurance_by_person') }}

)

select
    residents.street,
    {{ age_band('residents.birth_date') }}                        as age_band,
    count(*)                                                      as cell_count,
    count(*) filter (where insurance.insured)                     as insured_residents,
    round(count(*) filter (where insurance.insured) / count(*), 4) as coverage_rate
from residents
left join insurance on insurance.person_key = residents.person_key
group by all
