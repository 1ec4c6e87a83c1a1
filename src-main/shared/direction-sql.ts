// Which way an event went, as SQL over events_enriched: the one definition the ready questions, the Overview's
// lists and the Explore/Flows "traffic" filter share (in shared/ so the renderer's filter compiler uses it too).

/**
 * Outbound: leaving us for the Internet. An internal source, or the firewall host itself (logged on
 * OUTPUT: no input interface, an output one), because its public address is not "internal" unless the
 * case says so (`internal_networks`). Replies to inbound connections are outbound packets too.
 */
export const OUTBOUND_SQL = `(dst_scope = 'external' AND (src_scope = 'internal' OR (in_if IS NULL AND out_if IS NOT NULL)))`;

/** Inbound: from the Internet to us, an internal host or the firewall host itself (INPUT: no output interface). */
export const INBOUND_SQL = `(src_scope = 'external' AND (dst_scope = 'internal' OR (out_if IS NULL AND in_if IS NOT NULL)))`;

/** outbound, inbound, local (no external end) or other (e.g. external to external, forwarded). */
export const DIRECTION_SQL = `CASE WHEN ${OUTBOUND_SQL} THEN 'outbound' WHEN ${INBOUND_SQL} THEN 'inbound'
            WHEN src_scope IS DISTINCT FROM 'external' AND dst_scope IS DISTINCT FROM 'external' THEN 'local'
            ELSE 'other' END`;
