-- The 77 rule and value tags of src/Helix.DemoData/demo-profile-definitions.yaml (its 2 list and 5 model tags are
-- assigned from outside, not computed), one column each: '' when a rule holds, the bucket for a value tag, NULL otherwise.
-- A missing fact satisfies nothing (NULL comparisons are not true), as in Helix. aov_band compares the gross sum (orders only) with
-- the bound times the number of orders: exact, where a decimal average could round across a bound.
CREATE OR REPLACE TABLE person_tags AS
WITH facts AS (
    SELECT c.*, p.tier, p.gender, p.city, p.home_store, p.phone,
        CASE WHEN valid_birthday THEN age END AS age,
        CASE WHEN valid_birthday THEN month(birthday) END AS birthday_month,
        CASE WHEN NOT valid_birthday THEN NULL
             WHEN md < 120 THEN 'capricorn' WHEN md < 219 THEN 'aquarius' WHEN md < 321 THEN 'pisces'
             WHEN md < 420 THEN 'aries' WHEN md < 521 THEN 'taurus' WHEN md < 622 THEN 'gemini'
             WHEN md < 723 THEN 'cancer' WHEN md < 823 THEN 'leo' WHEN md < 923 THEN 'virgo'
             WHEN md < 1024 THEN 'libra' WHEN md < 1123 THEN 'scorpio' WHEN md < 1222 THEN 'sagittarius'
             ELSE 'capricorn' END AS zodiac
    FROM computed c JOIN (
        SELECT *, coalesce(birthday <= as_of_day() AND age <= 120, false) AS valid_birthday
        FROM (SELECT *, month(birthday) * 100 + day(birthday) AS md,
                     year(as_of_day()) - year(birthday)
                       - CASE WHEN month(as_of_day()) * 100 + day(as_of_day()) < month(birthday) * 100 + day(birthday) THEN 1 ELSE 0 END AS age
              FROM persons)
    ) p USING (person)
),
rules AS (
    SELECT person,
        -- loyalty
        holds(tier = '普通') AS member_regular,
        holds(tier = '银卡') AS member_silver,
        holds(tier = '金卡') AS member_gold,
        holds(tier = '黑金') AS member_black_gold,
        holds(home_store IS NOT NULL) AS store_member,
        holds(tier = '银卡' AND spend_365d >= 300) AS upgrade_candidate,
        holds(tier IN ('金卡', '黑金') AND orders_90d = 0) AS top_tier_at_risk,
        -- lifecycle
        holds(orders_total = 0 AND events_30d >= 1) AS prospect,
        holds(orders_total = 1 AND orders_30d = 1) AS new_buyer,
        holds(orders_total >= 2) AS repeat_buyer,
        holds(orders_90d >= 1) AS active_buyer,
        holds(orders_total >= 1 AND orders_90d = 0) AS lapsing_buyer,
        holds(events_30d >= 1) AS active_30d,
        CASE WHEN orders_365d >= 0 AND orders_365d < 1 THEN 'none' WHEN orders_365d >= 1 AND orders_365d < 2 THEN 'once'
             WHEN orders_365d >= 2 AND orders_365d < 4 THEN 'occasional' WHEN orders_365d >= 4 AND orders_365d < 12 THEN 'regular'
             WHEN orders_365d >= 12 THEN 'frequent' END AS purchase_frequency,
        -- value
        CASE WHEN spend_365d >= 0 AND spend_365d < 100 THEN 'low' WHEN spend_365d >= 100 AND spend_365d < 300 THEN 'medium'
             WHEN spend_365d >= 300 AND spend_365d < 1000 THEN 'high' WHEN spend_365d >= 1000 THEN 'top' END AS spend_level,
        CASE WHEN gross_365d >= 0 AND gross_365d < 80 * totals_365d THEN 'under_80'
             WHEN gross_365d >= 80 * totals_365d AND gross_365d < 150 * totals_365d THEN 'from_80_to_150'
             WHEN gross_365d >= 150 * totals_365d AND gross_365d < 250 * totals_365d THEN 'from_150_to_250'
             WHEN gross_365d >= 250 * totals_365d THEN 'over_250' END AS aov_band,
        holds(spend_365d >= 1000) AS high_value,
        holds(max_order_365d >= 199) AS big_basket,
        holds(spend_365d < 100) AS low_spender,
        -- product
        holds(favourite_category = '坚果炒货') AS loves_nuts,
        holds(favourite_category = '肉脯肉干') AS loves_jerky,
        holds(favourite_category = '饼干糕点') AS loves_pastry,
        holds(favourite_category = '果干蜜饯') AS loves_dried_fruit,
        holds(favourite_category = '膨化食品') AS loves_puffed_snacks,
        holds(favourite_category = '糖果巧克力') AS loves_candy,
        holds(favourite_category = '饮品冲调') AS loves_drinks,
        holds(favourite_category = '礼盒') AS gift_box_buyer,
        holds(categories_bought_365d >= 4) AS category_explorer,
        holds(viewed_category_30d = '坚果炒货') AS browsing_nuts,
        holds(durian_views_90d >= 1) AS durian_curious,
        -- channel
        holds(preferred_channel = 'Tmall flagship store') AS prefers_tmall,
        holds(preferred_channel = 'JD self-operated store') AS prefers_jd,
        holds(preferred_channel = 'Douyin shop') AS prefers_douyin,
        holds(preferred_channel = 'WeChat mini program') AS prefers_mini_program,
        holds(preferred_channel = 'Brand app') AS prefers_app,
        holds(preferred_channel = 'Brand website') AS prefers_website,
        holds(preferred_channel = 'Offline stores (POS)') AS prefers_store,
        holds(channels_bought_365d >= 2) AS omnichannel_buyer,
        holds(store_visits_90d >= 2) AS store_regular,
        -- time habits
        CASE WHEN active_hour >= 0 AND active_hour < 6 THEN 'small_hours' WHEN active_hour >= 6 AND active_hour < 11 THEN 'morning'
             WHEN active_hour >= 11 AND active_hour < 14 THEN 'lunch_break' WHEN active_hour >= 14 AND active_hour < 18 THEN 'afternoon'
             WHEN active_hour >= 18 AND active_hour < 22 THEN 'evening' WHEN active_hour >= 22 AND active_hour < 24 THEN 'late_night' END AS time_of_day,
        holds(active_hour IN (22, 23, 0, 1)) AS night_owl,
        holds(active_hour BETWEEN 11 AND 13) AS lunch_break_shopper,
        holds(order_weekday IN (6, 7)) AS weekend_shopper,
        holds(order_weekday BETWEEN 1 AND 5) AS weekday_shopper,
        -- demographics
        CASE WHEN age >= 18 AND age < 25 THEN 'age_18_24' WHEN age >= 25 AND age < 30 THEN 'age_25_29' WHEN age >= 30 AND age < 35 THEN 'age_30_34'
             WHEN age >= 35 AND age < 45 THEN 'age_35_44' WHEN age >= 45 THEN 'age_45_plus' END AS age_band,
        holds(age BETWEEN 18 AND 29) AS gen_z,
        holds(gender = 'female') AS female,
        holds(gender = 'male') AS male,
        CASE WHEN birthday_month >= 1 AND birthday_month < 4 THEN 'q1' WHEN birthday_month >= 4 AND birthday_month < 7 THEN 'q2'
             WHEN birthday_month >= 7 AND birthday_month < 10 THEN 'q3' WHEN birthday_month >= 10 AND birthday_month < 13 THEN 'q4' END AS birthday_quarter,
        holds(birthday_month = 12) AS birthday_in_december,
        holds(zodiac IN ('aries', 'leo', 'sagittarius')) AS zodiac_fire,
        holds(zodiac IN ('taurus', 'virgo', 'capricorn')) AS zodiac_earth,
        holds(zodiac IN ('gemini', 'libra', 'aquarius')) AS zodiac_air,
        holds(zodiac IN ('cancer', 'scorpio', 'pisces')) AS zodiac_water,
        holds(city IN ('上海', '北京', '广州', '深圳')) AS tier1_city,
        -- promotion
        holds(coupons_used_90d >= 1) AS coupon_user,
        holds(coupons_received_90d >= 1 AND coupons_used_90d = 0) AS coupon_hoarder,
        holds(orders_365d >= 2 AND coupons_used_365d = 0) AS full_price_buyer,
        holds(discount_365d >= 30) AS deal_seeker,
        holds(birthday_coupons_used_365d >= 1) AS birthday_coupon_user,
        holds(campaign_touches_90d >= 2) AS campaign_responsive,
        holds(campaign_source_90d = 'douyin') AS livestream_audience,
        holds(campaign_source_90d = 'xiaohongshu') AS kol_audience,
        -- engagement
        holds(oa_followed >= 1) AS oa_follower,
        holds(oa_reads_90d >= 1) AS oa_reader,
        holds(oa_reads_90d >= 3) AS oa_avid_reader,
        holds(product_views_30d >= 3) AS browser,
        holds(product_views_30d >= 3 AND orders_30d = 0) AS window_shopper,
        holds(cart_adds_30d >= 1 AND orders_30d = 0) AS cart_abandoner,
        holds(web_pages_30d >= 1) AS website_visitor,
        holds(app_screens_30d >= 1) AS app_user,
        -- service
        holds(refunds_180d >= 1) AS recent_refund,
        holds(refunds_180d >= 2) AS serial_refunder,
        holds(refund_amount_180d >= 100) AS high_refund_amount,
        holds(phone = '+8613800000000') AS shared_store_phone
    FROM facts
)
-- The two tags that read other tags' results.
SELECT *,
    holds(spend_level IN ('high', 'top') AND lapsing_buyer IS NOT NULL) AS high_value_lapsing,
    holds(coalesce(prefers_mini_program, prefers_app, prefers_website, prefers_store) IS NOT NULL) AS private_domain_buyer
FROM rules;
