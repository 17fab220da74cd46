SELECT toStartOfDay(ts) AS d, region, sum(v)
FROM metrics
GROUP BY GROUPING SETS ((d, region), (d), ())
ORDER BY d WITH FILL FROM toDate('2024-01-01') TO toDate('2024-02-01') STEP INTERVAL 1 DAY
INTERPOLATE (region AS region)
