-- @name: dashboard-series
-- @title: Requests per minute by class (dashboard)
-- @description: client-facing requests per minute and class between two Unix minutes, from the minute_stats rollup (a range of its primary key)
-- @internal: true
-- @param from_minute=0: first minute (Unix seconds / 60), inclusive
-- @param to_minute=0: last minute, inclusive
SELECT minute, class, sum(requests) AS requests
FROM minute_stats
WHERE minute BETWEEN :from_minute AND :to_minute
GROUP BY minute, class
ORDER BY minute
