-- 对外发布 beyond the bureau: allowance_by_street with cells below k suppressed.
{{ config(alias='allowance_by_street') }}
{{ suppress_below_k(ref('allowance_by_street'), dims=['street']) }}
