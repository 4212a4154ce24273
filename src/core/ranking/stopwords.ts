/**
 * English function words dropped from queries (not from the index): they match
 * almost every document and only add noise to BM25. Kept short on purpose —
 * words such as "not", "before", "after", "first", "last" carry meaning in
 * questions about one's own work and stay searchable.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a about above again against all am an and any are as at be because been being below between both but by ' +
    'can could did do does doing down during each few for from further had has have having he her here hers ' +
    'herself him himself his how i if in into is it its itself just me more most my myself no nor now of off on ' +
    'once only or other our ours ourselves out over own same she should so some such than that the their theirs ' +
    'them themselves then there these they this those through to too under until up very was we were what when ' +
    'where which while who whom why will with would you your yours yourself yourselves ' +
    "i'm i've i'd i'll you're you've don't didn't doesn't isn't wasn't can't won't it's that's what's " +
    'also may might must shall us let get got etc'
  ).split(' '),
);
