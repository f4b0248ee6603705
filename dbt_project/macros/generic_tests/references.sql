{#
  跨来源引用 relationship across sources: rows of `model` whose `column` names no row of `to`.
  Providers may reference subjects the authority does not (yet) hold (引用主体不在权威源): up to
  `max_orphan_share` of the non-null references may be orphans; more fails.
#}
{% test references(model, column_name, to, field, max_orphan_share=0) %}
with refs as (
    select {{ column_name }} as ref from {{ model }} where {{ column_name }} is not null
),
orphans as (
    select count(*) as n from refs
    where ref not in (select {{ field }} from {{ to }} where {{ field }} is not null)
),
total as (select count(*) as n from refs)
select orphans.n as orphans, total.n as total
from orphans, total
where orphans.n > {{ max_orphan_share }} * total.n
{% endtest %}
