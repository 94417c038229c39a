-- @name: users
-- @title: Users and their devices
-- @description: the Export-ActiveSyncLog Users report as far as IIS logs allow: per user and device, hits, per-command counts, failures, first and last seen
-- @param since: start of the window, Unix seconds or ISO date, inclusive (default: all)
-- @param until: end of the window, Unix seconds or ISO date, inclusive (default: all)
-- @param user: only this user (normalised: lowercase, no DOMAIN\) (default: all)
--
-- Client-facing requests only (hop = 0). Commands are matched case-insensitively;
-- other_commands counts every other Cmd and requests without one (OPTIONS).
-- Byte and item counts of Export-ActiveSyncLog are not in the IIS fields we keep.
WITH per_command AS (
  SELECT r.device_id, r.command_id, count(*) AS hits, sum(o.failure) AS failures,
         min(r.ts) AS first_ts, max(r.ts) AS last_ts
  FROM requests AS r NOT INDEXED
  JOIN outcomes AS o ON o.id = r.outcome
  WHERE r.hop = 0
    AND (:since IS NULL OR r.ts >= :since)
    AND (:until IS NULL OR r.ts <= :until)
  GROUP BY r.device_id, r.command_id
),
named AS (
  SELECT p.*, lower(c.name) AS command
  FROM per_command AS p
  LEFT JOIN commands AS c ON c.id = p.command_id
)
SELECT u.name AS user,
       d.device_key AS device_id,
       dt.name AS device_type,
       ua.name AS user_agent,
       sum(n.hits) AS hits,
       sum(CASE WHEN n.command = 'sync' THEN n.hits ELSE 0 END) AS sync,
       sum(CASE WHEN n.command = 'ping' THEN n.hits ELSE 0 END) AS ping,
       sum(CASE WHEN n.command = 'foldersync' THEN n.hits ELSE 0 END) AS folder_sync,
       sum(CASE WHEN n.command = 'sendmail' THEN n.hits ELSE 0 END) AS send_mail,
       sum(CASE WHEN n.command = 'smartreply' THEN n.hits ELSE 0 END) AS smart_reply,
       sum(CASE WHEN n.command = 'smartforward' THEN n.hits ELSE 0 END) AS smart_forward,
       sum(CASE WHEN n.command = 'getattachment' THEN n.hits ELSE 0 END) AS get_attachment,
       sum(CASE WHEN n.command = 'itemoperations' THEN n.hits ELSE 0 END) AS item_operations,
       sum(CASE WHEN n.command = 'meetingresponse' THEN n.hits ELSE 0 END) AS meeting_response,
       sum(CASE WHEN n.command = 'search' THEN n.hits ELSE 0 END) AS search,
       sum(CASE WHEN n.command = 'settings' THEN n.hits ELSE 0 END) AS settings,
       sum(CASE WHEN n.command = 'provision' THEN n.hits ELSE 0 END) AS provision,
       sum(CASE WHEN n.command IS NULL OR n.command NOT IN ('sync', 'ping', 'foldersync', 'sendmail', 'smartreply',
           'smartforward', 'getattachment', 'itemoperations', 'meetingresponse', 'search', 'settings', 'provision')
           THEN n.hits ELSE 0 END) AS other_commands,
       sum(n.failures) AS failures,
       strftime('%Y-%m-%d %H:%M', min(n.first_ts), 'unixepoch') AS first_seen,
       strftime('%Y-%m-%d %H:%M', max(n.last_ts), 'unixepoch') AS last_seen,
       d.id AS device_ref
FROM named AS n
JOIN devices AS d ON d.id = n.device_id
JOIN users AS u ON u.id = d.user_id
LEFT JOIN device_types AS dt ON dt.id = d.device_type_id
LEFT JOIN user_agents AS ua ON ua.id = d.user_agent_id
WHERE (:user IS NULL OR u.name = lower(:user))
GROUP BY n.device_id
ORDER BY u.name, d.device_key;
