-- @name: dashboard-server-last-minute
-- @title: Newest minutes with requests, per server (dashboard)
-- @description: minute_stats rows from the newest minute back to from_minute, newest first (a backward range of the primary key); the dashboard stops reading once every server has been seen
-- @internal: true
-- @param from_minute=0: oldest minute to look at (Unix seconds / 60)
SELECT minute, server_id
FROM minute_stats
WHERE minute >= :from_minute
ORDER BY minute DESC
