WITH 10 AS lim, recent AS (SELECT * FROM events WHERE ts > now() - INTERVAL 1 DAY)
SELECT DISTINCT user_id, count() AS c, quantile(0.9)(duration) AS p90
FROM recent AS r FINAL
PREWHERE kind = 'click'
WHERE country IN ('DE', 'FR') AND NOT is_bot
GROUP BY user_id WITH TOTALS
HAVING c > 1
ORDER BY c DESC NULLS LAST, user_id
LIMIT 1 BY user_id
LIMIT lim OFFSET 5
SETTINGS max_threads = 4
