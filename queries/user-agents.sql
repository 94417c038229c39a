-- @name: user-agents
-- @title: User agents and protocol versions
-- @description: each user agent with the EAS protocol version it spoke, its DeviceTypes and how many devices, users and client-facing requests
-- @param since: start of the window, Unix seconds or ISO date, inclusive (default: all)
-- @param until: end of the window, Unix seconds or ISO date, inclusive (default: all)
SELECT coalesce(ua.name, '(none)') AS user_agent,
       CASE WHEN r.protocol IS NULL THEN NULL ELSE printf('%d.%d', r.protocol / 10, r.protocol % 10) END AS protocol,
       group_concat(DISTINCT dt.name ORDER BY dt.name) AS device_types,
       count(DISTINCT r.device_id) AS devices,
       count(DISTINCT d.user_id) AS users,
       count(*) AS requests,
       strftime('%Y-%m-%d %H:%M', min(r.ts), 'unixepoch') AS first_seen,
       strftime('%Y-%m-%d %H:%M', max(r.ts), 'unixepoch') AS last_seen
FROM requests AS r
JOIN devices AS d ON d.id = r.device_id
LEFT JOIN user_agents AS ua ON ua.id = r.user_agent_id
LEFT JOIN device_types AS dt ON dt.id = d.device_type_id
WHERE r.hop = 0
  AND (:since IS NULL OR r.ts >= :since)
  AND (:until IS NULL OR r.ts <= :until)
GROUP BY r.user_agent_id, r.protocol
ORDER BY devices DESC, requests DESC, user_agent, r.protocol;
