-- 每人参保情况 social insurance per person (pseudonym): the one place "insured" is defined.
with enrolments as (

    select * from {{ ref('stg_social_insurance_enrolment') }}

)

select
    person_key,
    count(*)                                                   as insurance_records,
    count(*) filter (where status = '参保缴费')                 as active_insurances,
    count(*) filter (where status = '参保缴费') > 0             as insured,
    bool_or(status = '参保缴费' and insurance_type like '%养老%') as pension_insured,
    bool_or(status = '参保缴费' and insurance_type like '%医疗%') as medical_insured
from enrolments
group by person_key
