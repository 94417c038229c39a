-- @name: dashboard-server-names
-- @title: CAS server names (dashboard)
-- @description: id and name of every CAS server, so the dashboard lists each one, even one that logged only inner hops
-- @internal: true
SELECT id, name FROM servers
