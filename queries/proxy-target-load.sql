-- @name: proxy-target-load
-- @title: Load per proxy target
-- @description: client-facing requests proxied to each PrxTo target, with distinct devices and failures
-- @param since: start of the window, Unix seconds or ISO date (default: all)
-- @param until: end of the window, Unix seconds or ISO date (default: all)
SELECT p.name, count(*) AS requests, count(DISTINCT r.device_id) AS devices,
  sum(o.failure) AS failures
FROM requests r
JOIN proxy_targets p ON p.id = r.proxy_target_id
JOIN outcomes o ON o.id = r.outcome
WHERE r.hop = 0 AND r.proxy_target_id IS NOT NULL
  AND (:since IS NULL OR r.ts >= :since) AND (:until IS NULL OR r.ts <= :until)
GROUP BY p.name
ORDER BY requests DESC, p.name
