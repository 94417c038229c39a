/**
 * A copy of `s` that no longer points into its parent: V8 flattens `' ' + s`
 * into a string of its own and slices that (the result is still a sliced
 * string, see flatCopy). A `split()`/`slice()` result of 13+
 * characters points into its parent (a whole 1 MiB read chunk); kept for the
 * life of a run as a map key or cache value it would pin that chunk
 * (performance.md, trap 1). A shorter one is a copy already (V8 makes no
 * sliced string under 13 characters): it is returned as it is. Call it once,
 * when a value is first stored.
 */
export const detach = (s: string): string => (s.length < 13 ? s : (' ' + s).slice(1));

/**
 * A copy of `s` in a sequential string of its own, for values compared with
 * fresh slices on every line (the parser's device cache): `detach` leaves a
 * sliced string, which `===` and Map look-ups read through a slower path
 * (Map.get of a fresh slice 255 -> 213 ns, `===` 125 -> 85 ns here). A JSON
 * round trip is the copy that comes out sequential; it costs ~0.3 µs, once
 * per value kept.
 */
export const flatCopy = (s: string): string => (s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string));
