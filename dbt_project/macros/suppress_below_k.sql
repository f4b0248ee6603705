{#
  The form of an aggregate published beyond the bureau: every cell with fewer than k members
  (k = the masking settings' k) keeps its dimensions but loses its count and measures, and says
  so in `suppressed`. `dims` are the columns that name the cell.
#}
{% macro suppress_below_k(relation, dims, count_column='cell_count') -%}
    {%- set cols = adapter.get_columns_in_relation(relation) -%}
    select
    {%- for c in cols %}
        {%- if c.name in dims %}
        {{ c.name }},
        {%- else %}
        case when {{ count_column }} >= {{ k_anonymity() }} then {{ c.name }} end as {{ c.name }},
        {%- endif %}
    {%- endfor %}
        {{ count_column }} < {{ k_anonymity() }} as suppressed
    from {{ relation }}
{%- endmacro %}
