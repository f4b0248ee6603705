{# Schemas are named for what they hold (staging, shared, central, published), not prefixed by the target. #}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ (custom_schema_name or target.schema) | trim }}
{%- endmacro %}
