SELECT user_id, ts,
  row_number() OVER (PARTITION BY user_id ORDER BY ts) AS rn,
  sum(amount) OVER w AS running,
  avg(amount) OVER (w ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS moving
FROM payments
WINDOW w AS (PARTITION BY user_id ORDER BY ts)
QUALIFY rn <= 3
