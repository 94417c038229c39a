-- @name: dashboard-names
-- @title: Server and proxy-target names (dashboard)
-- @description: id and name of every CAS server and PrxTo target, for labelling the dashboard's incremental counts
SELECT 'server' AS kind, id, name FROM servers
UNION ALL
SELECT 'proxy-target' AS kind, id, name FROM proxy_targets
