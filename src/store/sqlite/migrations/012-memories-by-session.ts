/**
 * Hand-offs list the memories stored during a session (decisions, learnings,
 * insights): an index on the session keeps that one lookup off a scan of every
 * memory.
 */
export const memoriesBySessionSchema = `
CREATE INDEX memories_session ON memories(session_id, seq) WHERE session_id IS NOT NULL;
`;
