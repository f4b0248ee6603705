-- 对外发布 beyond the bureau: enterprises_by_industry_street_status with cells below k suppressed.
{{ config(alias='enterprises_by_industry_street_status') }}
{{ suppress_below_k(ref('enterprises_by_industry_street_status'), dims=['industry', 'street', 'status']) }}
