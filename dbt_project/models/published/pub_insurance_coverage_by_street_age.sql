-- 对外发布 beyond the bureau: insurance_coverage_by_street_age with cells below k suppressed.
{{ config(alias='insurance_coverage_by_street_age') }}
{{ suppress_below_k(ref('insurance_coverage_by_street_age'), dims=['street', 'age_band']) }}
