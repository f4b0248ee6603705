-- 水电消耗 utility consumption by street and month. The utilities deliver monthly snapshots of
-- their accounts with a monthly average (water, m³) and an annual total (power, kWh, shown /12);
-- `month` is the month of the snapshot the build read (the as-of date).
with water as (

    select * from {{ ref('stg_water_accounts') }}

),

power as (

    select * from {{ ref('stg_power_accounts') }}

),

accounts as (

    select '水 water' as utility, '立方米 m3' as unit, {{ street_of('service_address') }} as street, monthly_m3 as consumption
    from water
    union all
    select '电 power', '千瓦时 kWh', {{ street_of('supply_address') }}, annual_kwh / 12
    from power

)

select
    street,
    strftime({{ as_of_date() }}, '%Y-%m')   as month,
    utility,
    unit,
    count(*)                                as cell_count,
    round(sum(consumption), 2)              as consumption
from accounts
group by all
