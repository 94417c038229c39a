-- @name: class-timeline
-- @title: Requests over time by class
-- @description: client-facing ActiveSync requests per time bucket (default one hour) split into direct, proxy and redirect
-- @internal: true
-- @param since: start of the window, Unix seconds or ISO date (default: all)
-- @param until: end of the window, Unix seconds or ISO date (default: all)
-- @param bucket_minutes: bucket size in minutes (default: 60)
SELECT (minute / CAST(:bucket_minutes AS INTEGER)) * CAST(:bucket_minutes AS INTEGER) * 60 AS t,
  sum(CASE WHEN class = 0 THEN requests ELSE 0 END) AS direct,
  sum(CASE WHEN class = 1 THEN requests ELSE 0 END) AS proxy,
  sum(CASE WHEN class = 2 THEN requests ELSE 0 END) AS redirect
FROM minute_stats
WHERE (:since IS NULL OR minute >= :since / 60) AND (:until IS NULL OR minute <= :until / 60)
GROUP BY 1
ORDER BY 1
