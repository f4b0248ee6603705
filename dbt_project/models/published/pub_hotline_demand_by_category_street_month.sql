-- 对外发布 beyond the bureau: hotline_demand_by_category_street_month with cells below k suppressed.
{{ config(alias='hotline_demand_by_category_street_month') }}
{{ suppress_below_k(ref('hotline_demand_by_category_street_month'), dims=['category', 'street', 'month']) }}
