-- @name: dashboard-server-last-minute
-- @title: Newest minute per server (dashboard)
-- @description: per CAS server, the newest minute with client-facing requests at or after from_minute (a range of minute_stats' primary key, so only recent rows are read)
-- @param from_minute=0: oldest minute to look at (Unix seconds / 60)
SELECT server_id, max(minute) AS minute
FROM minute_stats
WHERE minute >= :from_minute
GROUP BY server_id
