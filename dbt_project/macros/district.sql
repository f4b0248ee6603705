{# 海曙区 17 个街道（镇乡）the district's streets and towns: the accepted values of every street column. #}
{% macro haishu_streets() -%}
    {{ return(['鼓楼街道', '江厦街道', '西门街道', '月湖街道', '南门街道', '白云街道', '段塘街道', '望春街道', '石碶街道',
               '高桥镇', '横街镇', '集士港镇', '古林镇', '洞桥镇', '鄞江镇', '章水镇', '龙观乡']) }}
{%- endmacro %}

{# 街道（镇乡）from a full address: the part after 海曙区 ending in 街道/镇/乡; null when absent. #}
{% macro street_of(address) -%}
    nullif(regexp_extract({{ address }}, '海曙区([^0-9]{1,6}?(街道|镇|乡))', 1), '')
{%- endmacro %}

{# 年龄段 age band on the as-of date of the build (DW_AS_OF, set by central/build.py). #}
{% macro age_band(birth_date) -%}
    case
        when {{ birth_date }} is null then null
        when date_diff('year', {{ birth_date }}, {{ as_of_date() }}) - (
             strftime({{ as_of_date() }}, '%m%d') < strftime({{ birth_date }}, '%m%d'))::int < 16 then '00-15'
        when date_diff('year', {{ birth_date }}, {{ as_of_date() }}) - (
             strftime({{ as_of_date() }}, '%m%d') < strftime({{ birth_date }}, '%m%d'))::int < 30 then '16-29'
        when date_diff('year', {{ birth_date }}, {{ as_of_date() }}) - (
             strftime({{ as_of_date() }}, '%m%d') < strftime({{ birth_date }}, '%m%d'))::int < 45 then '30-44'
        when date_diff('year', {{ birth_date }}, {{ as_of_date() }}) - (
             strftime({{ as_of_date() }}, '%m%d') < strftime({{ birth_date }}, '%m%d'))::int < 60 then '45-59'
        when date_diff('year', {{ birth_date }}, {{ as_of_date() }}) - (
             strftime({{ as_of_date() }}, '%m%d') < strftime({{ birth_date }}, '%m%d'))::int < 75 then '60-74'
        else '75+'
    end
{%- endmacro %}

{% macro age_bands() -%}
    {{ return(['00-15', '16-29', '30-44', '45-59', '60-74', '75+']) }}
{%- endmacro %}

{% macro as_of_date() -%}
    date '{{ env_var("DW_AS_OF", "2026-12-01") }}'
{%- endmacro %}

{# k of the masking settings (DW_K_ANONYMITY, passed by central/build.py from config.settings). #}
{% macro k_anonymity() -%}
    {{ return(env_var("DW_K_ANONYMITY", "5") | int) }}
{%- endmacro %}
