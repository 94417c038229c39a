/**
 * A copy of `s` that V8 stores flat. A `split()`/`slice()` result of 13+
 * characters points into its parent (a whole 1 MiB read chunk); kept for the
 * life of a run as a map key or cache value it would pin that chunk
 * (performance.md, trap 1). A shorter one is a copy already (V8 makes no
 * sliced string under 13 characters): it is returned as it is. Call it once,
 * when a value is first stored.
 */
export const detach = (s: string): string => (s.length < 13 ? s : (' ' + s).slice(1));
