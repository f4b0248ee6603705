{# 唯一性 uniqueness of a key of one or more columns (dbt_utils cannot be installed here). #}
{% test unique_combination_of(model, columns) %}
select {{ columns | join(', ') }}, count(*) as n
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}
