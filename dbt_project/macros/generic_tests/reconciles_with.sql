{#
  对账 reconciliation: the sum of `measure` over the aggregate (rows matching `where_clause`)
  equals the row count of `source_model` (rows matching `source_where`).
#}
{% test reconciles_with(model, source_model, measure='cell_count', where_clause='true', source_where='true') %}
with agg as (select coalesce(sum({{ measure }}), 0) as n from {{ model }} where {{ where_clause }}),
src as (select count(*) as n from {{ source_model }} where {{ source_where }})
select agg.n as aggregate_total, src.n as source_count
from agg, src
where agg.n <> src.n
{% endtest %}
