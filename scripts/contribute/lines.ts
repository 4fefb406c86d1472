// The lines of a JSON Lines input: split at "\n" (a "\r" before it dropped), and nowhere else.
// node:readline also ends a line at a lone "\r" and, since Node 24, at U+2028 and U+2029,
// which JSON allows unescaped inside a string: a capture whose text holds one would arrive
// as two halves that are not JSON.
import { StringDecoder } from "node:string_decoder";

/**
 * Each line of a stream of UTF-8 text, without its line ending. A last line without a
 * final "\n" is given too; an empty input gives no lines. Read only as iteration asks.
 */
export async function* readLines(
  stream: AsyncIterable<string | Uint8Array>,
): AsyncGenerator<string> {
  const decoder = new StringDecoder("utf8");
  let pending = "";
  for await (const chunk of stream) {
    pending += typeof chunk === "string" ? chunk : decoder.write(chunk as Buffer);
    let start = 0;
    let end: number;
    while ((end = pending.indexOf("\n", start)) !== -1) {
      yield withoutCr(pending.slice(start, end));
      start = end + 1;
    }
    pending = pending.slice(start);
  }
  pending += decoder.end();
  if (pending !== "") yield withoutCr(pending);
}

function withoutCr(line: string): string {
  return line.endsWith("\r") ? line.slice(0, -1) : line;
}
