-- 对外发布 beyond the bureau: utility_consumption_by_street_month with cells below k suppressed.
{{ config(alias='utility_consumption_by_street_month') }}
{{ suppress_below_k(ref('utility_consumption_by_street_month'), dims=['street', 'month', 'utility', 'unit']) }}
