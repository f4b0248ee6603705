{# 值域 accepted values whose lists are defined once in macros/district.sql; nulls pass. #}
{% macro values_outside(model, column_name, values) %}
select {{ column_name }}, count(*) as n
from {{ model }}
where {{ column_name }} is not null
  and {{ column_name }} not in ({% for v in values %}'{{ v }}'{% if not loop.last %}, {% endif %}{% endfor %})
group by {{ column_name }}
{% endmacro %}

{% test is_haishu_street(model, column_name) %}
{{ values_outside(model, column_name, haishu_streets()) }}
{% endtest %}

{% test is_age_band(model, column_name) %}
{{ values_outside(model, column_name, age_bands()) }}
{% endtest %}
