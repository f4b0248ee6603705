{# 小单元格抑制 no cell published beyond the bureau shows a count below k. #}
{% test suppressed_below_k(model, column_name) %}
select * from {{ model }}
where {{ column_name }} is not null and {{ column_name }} < {{ k_anonymity() }}
{% endtest %}
