-- @name: user-agents
-- @title: User agents and protocol versions
-- @description: each user agent with the EAS protocol version it spoke, its DeviceTypes and how many devices, users and client-facing requests
-- @param since: start of the window, Unix seconds or ISO date, inclusive (default: all)
-- @param until: end of the window, Unix seconds or ISO date, inclusive (default: all)
WITH per_device AS (
  SELECT r.user_agent_id, r.protocol, r.device_id, count(*) AS requests, min(r.ts) AS first_ts, max(r.ts) AS last_ts
  FROM requests AS r NOT INDEXED
  WHERE r.hop = 0
    AND (:since IS NULL OR r.ts >= :since)
    AND (:until IS NULL OR r.ts <= :until)
  GROUP BY r.user_agent_id, r.protocol, r.device_id
)
SELECT coalesce(ua.name, '(none)') AS user_agent,
       CASE WHEN p.protocol IS NULL THEN NULL ELSE printf('%d.%d', p.protocol / 10, p.protocol % 10) END AS protocol,
       group_concat(DISTINCT dt.name ORDER BY dt.name) AS device_types,
       count(*) AS devices,
       count(DISTINCT d.user_id) AS users,
       sum(p.requests) AS requests,
       strftime('%Y-%m-%d %H:%M', min(p.first_ts), 'unixepoch') AS first_seen,
       strftime('%Y-%m-%d %H:%M', max(p.last_ts), 'unixepoch') AS last_seen
FROM per_device AS p
JOIN devices AS d ON d.id = p.device_id
LEFT JOIN user_agents AS ua ON ua.id = p.user_agent_id
LEFT JOIN device_types AS dt ON dt.id = d.device_type_id
GROUP BY p.user_agent_id, p.protocol
ORDER BY devices DESC, requests DESC, user_agent, p.protocol;
