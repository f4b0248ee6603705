-- 对外发布 beyond the bureau: population_by_street_age_sex with cells below k suppressed.
{{ config(alias='population_by_street_age_sex') }}
{{ suppress_below_k(ref('population_by_street_age_sex'), dims=['street', 'age_band', 'gender']) }}
