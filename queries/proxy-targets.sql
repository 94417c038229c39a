-- @name: proxy-targets
-- @title: Proxy targets (PrxTo)
-- @description: per PrxTo target, the client-facing requests proxied to it, with users, devices, failures and the servers that proxied
-- @param since: start of the window, Unix seconds or ISO date, inclusive (default: all)
-- @param until: end of the window, Unix seconds or ISO date, inclusive (default: all)
SELECT coalesce(pt.name, '(not logged)') AS proxy_target,
       count(*) AS requests,
       count(DISTINCT d.user_id) AS users,
       count(DISTINCT r.device_id) AS devices,
       sum(o.failure) AS failures,
       group_concat(DISTINCT s.name ORDER BY s.name) AS proxied_by,
       strftime('%Y-%m-%d %H:%M', min(r.ts), 'unixepoch') AS first_seen,
       strftime('%Y-%m-%d %H:%M', max(r.ts), 'unixepoch') AS last_seen
FROM requests AS r NOT INDEXED
JOIN classes AS c ON c.id = r.class
JOIN outcomes AS o ON o.id = r.outcome
JOIN devices AS d ON d.id = r.device_id
JOIN servers AS s ON s.id = r.server_id
LEFT JOIN proxy_targets AS pt ON pt.id = r.proxy_target_id
WHERE c.name = 'proxy'
  AND r.hop = 0
  AND (:since IS NULL OR r.ts >= :since)
  AND (:until IS NULL OR r.ts <= :until)
GROUP BY r.proxy_target_id
ORDER BY requests DESC, proxy_target;
