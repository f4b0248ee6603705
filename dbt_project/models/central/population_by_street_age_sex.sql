-- 人口 户籍人口按街道、年龄段、性别 registered population by street, age band and sex.
with residents as (

    select * from {{ ref('stg_household_registration') }}

)

select
    street,
    {{ age_band('birth_date') }}  as age_band,
    gender,
    count(*)                      as cell_count
from residents
group by all
