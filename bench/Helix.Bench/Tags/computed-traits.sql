-- The 36 computed traits of src/Helix.DemoData/demo-profile-definitions.yaml, per person, as plain SQL.
-- Windows are calendar days in UTC+8 ending with as_of_day(): in_window(ts, 90) is "the 90 days ending today",
-- as Helix counts them. Counts are 0 and other aggregates NULL for a person without matching events.
-- Most-frequent values break ties by the least value, ordinally by the value's text (so hour 10 before 2), as Helix does.
CREATE OR REPLACE TABLE computed AS
WITH totals AS (
    SELECT person,
        count(*) FILTER (is_order(type, event)) AS orders_total,
        count(*) FILTER (is_order(type, event) AND in_window(ts, 30)) AS orders_30d,
        count(*) FILTER (is_order(type, event) AND in_window(ts, 90)) AS orders_90d,
        count(*) FILTER (is_order(type, event) AND in_window(ts, 365)) AS orders_365d,
        -- Net spend: refunds subtracted (subtract: {event: Order Refunded}).
        sum(CASE WHEN is_order(type, event) THEN total ELSE -total END) FILTER (is_order(type, event) OR is_refund(type, event)) AS spend_total,
        sum(CASE WHEN is_order(type, event) THEN total ELSE -total END) FILTER ((is_order(type, event) OR is_refund(type, event)) AND in_window(ts, 90)) AS spend_90d,
        sum(CASE WHEN is_order(type, event) THEN total ELSE -total END) FILTER ((is_order(type, event) OR is_refund(type, event)) AND in_window(ts, 365)) AS spend_365d,
        sum(total) FILTER (is_order(type, event) AND in_window(ts, 365)) AS gross_365d,
        count(total) FILTER (is_order(type, event) AND in_window(ts, 365)) AS totals_365d,
        max(total) FILTER (is_order(type, event) AND in_window(ts, 365)) AS max_order_365d,
        min(ts) FILTER (is_order(type, event)) AS first_order_at,
        max(ts) FILTER (is_order(type, event)) AS last_order_at,
        count(DISTINCT affiliation) FILTER (is_order(type, event) AND in_window(ts, 365)) AS channels_bought_365d,
        count(*) FILTER (type = 'track' AND event = 'Product Viewed' AND name = '冻干榴莲 60g' AND in_window(ts, 90)) AS durian_views_90d,
        count(*) FILTER (type = 'track' AND event = 'Store Visited' AND in_window(ts, 90)) AS store_visits_90d,
        count(*) FILTER (in_window(ts, 30)) AS events_30d,
        count(*) FILTER (type = 'track' AND event = 'Coupon Received' AND in_window(ts, 90)) AS coupons_received_90d,
        count(*) FILTER (type = 'track' AND event = 'Coupon Applied' AND in_window(ts, 90)) AS coupons_used_90d,
        count(*) FILTER (type = 'track' AND event = 'Coupon Applied' AND in_window(ts, 365)) AS coupons_used_365d,
        count(*) FILTER (type = 'track' AND event = 'Coupon Applied' AND coupon_id = 'BDAY15' AND in_window(ts, 365)) AS birthday_coupons_used_365d,
        sum(discount) FILTER (is_order(type, event) AND in_window(ts, 365)) AS discount_365d,
        count(campaign_name) FILTER (in_window(ts, 90)) AS campaign_touches_90d,
        count(*) FILTER (type = 'track' AND event = 'Followed') AS oa_followed,
        count(*) FILTER (type = 'page' AND path IS NULL AND in_window(ts, 90)) AS oa_reads_90d,
        count(*) FILTER (type = 'page' AND path IS NOT NULL AND in_window(ts, 30)) AS web_pages_30d,
        count(*) FILTER (type = 'screen' AND in_window(ts, 30)) AS app_screens_30d,
        count(*) FILTER (type = 'track' AND event = 'Product Viewed' AND in_window(ts, 30)) AS product_views_30d,
        count(*) FILTER (type = 'track' AND event = 'Product Added' AND in_window(ts, 30)) AS cart_adds_30d,
        count(*) FILTER (type = 'track' AND event = 'Order Refunded' AND in_window(ts, 180)) AS refunds_180d,
        sum(total) FILTER (type = 'track' AND event = 'Order Refunded' AND in_window(ts, 180)) AS refund_amount_180d
    FROM events
    GROUP BY person
),
order_lines AS (
    SELECT person, category, count(*) AS n
    FROM (SELECT person, unnest(categories) AS category FROM events WHERE is_order(type, event) AND in_window(ts, 365))
    GROUP BY person, category
),
categories AS (
    SELECT person, first(category ORDER BY n DESC, category) AS favourite_category, count(*) AS categories_bought_365d
    FROM order_lines
    GROUP BY person
),
viewed AS (
    SELECT person, first(category ORDER BY n DESC, category) AS viewed_category_30d
    FROM (SELECT person, category, count(*) AS n FROM events
          WHERE type = 'track' AND event = 'Product Viewed' AND category IS NOT NULL AND in_window(ts, 30) GROUP BY person, category)
    GROUP BY person
),
channels AS (
    SELECT person, first(affiliation ORDER BY n DESC, affiliation) AS preferred_channel
    FROM (SELECT person, affiliation, count(*) AS n FROM events
          WHERE is_order(type, event) AND affiliation IS NOT NULL AND in_window(ts, 365) GROUP BY person, affiliation)
    GROUP BY person
),
hours AS (
    SELECT person, first(hour ORDER BY n DESC, CAST(hour AS VARCHAR)) AS active_hour
    FROM (SELECT person, hour(ts + INTERVAL 8 HOUR) AS hour, count(*) AS n FROM events WHERE in_window(ts, 90) GROUP BY ALL)
    GROUP BY person
),
weekdays AS (
    SELECT person, first(weekday ORDER BY n DESC, weekday) AS order_weekday
    FROM (SELECT person, isodow(ts + INTERVAL 8 HOUR) AS weekday, count(*) AS n FROM events
          WHERE is_order(type, event) AND in_window(ts, 365) GROUP BY ALL)
    GROUP BY person
),
sources AS (
    SELECT person, first(campaign_source ORDER BY n DESC, campaign_source) AS campaign_source_90d
    FROM (SELECT person, campaign_source, count(*) AS n FROM events
          WHERE campaign_source IS NOT NULL AND in_window(ts, 90) GROUP BY person, campaign_source)
    GROUP BY person
)
SELECT p.person,
    coalesce(orders_total, 0) AS orders_total, coalesce(orders_30d, 0) AS orders_30d, coalesce(orders_90d, 0) AS orders_90d,
    coalesce(orders_365d, 0) AS orders_365d, spend_total, spend_90d, spend_365d, gross_365d, totals_365d,
    gross_365d / totals_365d AS aov_365d, max_order_365d, first_order_at, last_order_at,
    favourite_category, coalesce(categories_bought_365d, 0) AS categories_bought_365d, viewed_category_30d,
    coalesce(durian_views_90d, 0) AS durian_views_90d, preferred_channel, coalesce(channels_bought_365d, 0) AS channels_bought_365d,
    coalesce(store_visits_90d, 0) AS store_visits_90d, active_hour, order_weekday, coalesce(events_30d, 0) AS events_30d,
    coalesce(coupons_received_90d, 0) AS coupons_received_90d, coalesce(coupons_used_90d, 0) AS coupons_used_90d,
    coalesce(coupons_used_365d, 0) AS coupons_used_365d, coalesce(birthday_coupons_used_365d, 0) AS birthday_coupons_used_365d,
    discount_365d, coalesce(campaign_touches_90d, 0) AS campaign_touches_90d, campaign_source_90d,
    coalesce(oa_followed, 0) AS oa_followed, coalesce(oa_reads_90d, 0) AS oa_reads_90d, coalesce(web_pages_30d, 0) AS web_pages_30d,
    coalesce(app_screens_30d, 0) AS app_screens_30d, coalesce(product_views_30d, 0) AS product_views_30d,
    coalesce(cart_adds_30d, 0) AS cart_adds_30d, coalesce(refunds_180d, 0) AS refunds_180d, refund_amount_180d
FROM persons p
    LEFT JOIN totals USING (person)
    LEFT JOIN categories USING (person)
    LEFT JOIN viewed USING (person)
    LEFT JOIN channels USING (person)
    LEFT JOIN hours USING (person)
    LEFT JOIN weekdays USING (person)
    LEFT JOIN sources USING (person);
