/**
 * Cuts a long text (a tool input or output) to at most `maxChars` characters
 * of the original, followed by a marker saying how much was dropped.
 * A non-positive or non-finite limit means "no limit".
 */
export function truncateText(text: string, maxChars: number): { text: string; truncated: boolean } {
  if (!Number.isFinite(maxChars) || maxChars <= 0 || text.length <= maxChars) {
    return { text, truncated: false };
  }
  let end = Math.floor(maxChars);
  // Do not split a surrogate pair (an emoji would become a lone half).
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  const dropped = text.length - end;
  return { text: `${text.slice(0, end)}\n… [truncated ${dropped} chars]`, truncated: true };
}
