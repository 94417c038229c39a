-- @name: device-peak-days
-- @title: Busiest day per device
-- @description: per device, the UTC day with the most client-facing requests (with its Ping and Sync counts) and the number of active days
-- @internal: true
-- @param since: start of the window, Unix seconds or ISO date (default: all)
-- @param until: end of the window, Unix seconds or ISO date (default: all)
WITH days AS (
  SELECT device_id, day, requests, pings, syncs,
    row_number() OVER (PARTITION BY device_id ORDER BY requests DESC, day) AS rank,
    count(*) OVER (PARTITION BY device_id) AS active_days
  FROM device_days
  WHERE (:since IS NULL OR day >= :since / 86400) AND (:until IS NULL OR day <= :until / 86400)
)
SELECT device_id, day, requests, pings, syncs, active_days FROM days WHERE rank = 1
