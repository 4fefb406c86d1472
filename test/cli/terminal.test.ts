// Colour only on a terminal (never with NO_COLOR), and progress that is one line redrawn on
// a terminal and a few plain lines in a log.
import assert from "node:assert/strict";
import { test } from "node:test";
import { colourFor, formatCount, progress, stylesFor } from "../../scripts/terminal.ts";

function stream(isTTY: boolean, columns?: number) {
  const writes: string[] = [];
  return {
    isTTY,
    ...(columns === undefined ? {} : { columns }),
    write(text: string) {
      writes.push(text);
    },
    writes,
  };
}

test("colour on a terminal only, NO_COLOR and FORCE_COLOR honoured", () => {
  assert.equal(colourFor(stream(true), {}), true);
  assert.equal(colourFor(stream(false), {}), false);
  assert.equal(colourFor(stream(true), { NO_COLOR: "1" }), false);
  // An empty NO_COLOR does not count (no-color.org).
  assert.equal(colourFor(stream(true), { NO_COLOR: "" }), true);
  assert.equal(colourFor(stream(false), { FORCE_COLOR: "1" }), true);
  assert.equal(colourFor(stream(true), { FORCE_COLOR: "0" }), false);
  assert.equal(colourFor(stream(true), { NO_COLOR: "1", FORCE_COLOR: "1" }), false);
  assert.equal(colourFor(stream(true), { TERM: "dumb" }), false);
});

test("styles colour text on a terminal and leave it unchanged elsewhere", () => {
  const plain = stylesFor(stream(false), {});
  assert.equal(plain.problem("3 problems in 1 file"), "3 problems in 1 file");
  assert.equal(plain.ok("content is valid."), "content is valid.");
  const coloured = stylesFor(stream(true), {});
  assert.equal(coloured.problem("3 problems"), "\x1b[1m\x1b[31m3 problems\x1b[39m\x1b[22m");
  assert.equal(coloured.ok("valid"), "\x1b[32mvalid\x1b[39m");
  assert.equal(stylesFor(stream(true), { NO_COLOR: "1" }).ok("valid"), "valid");
});

test("counts are grouped by thousands", () => {
  assert.equal(formatCount(4812), "4,812");
  assert.equal(formatCount(10000), "10,000");
  assert.equal(formatCount(7), "7");
});

test("on a terminal, progress is one line redrawn in place, then the summary", () => {
  const out = stream(true);
  let clock = 0;
  const p = progress("Loading articles", 10000, { stream: out, now: () => clock });
  p.tick(4812); // too soon after the start to draw
  assert.deepEqual(out.writes, []);
  clock = 150;
  p.tick();
  assert.deepEqual(out.writes, ["\r\x1b[KLoading articles 4,813/10,000"]);
  clock = 200; // too soon after the last drawing
  p.tick();
  assert.equal(out.writes.length, 1);
  p.done("Loaded 10,000 articles.");
  assert.deepEqual(out.writes.slice(1), ["\r\x1b[K", "Loaded 10,000 articles.\n"]);
  p.tick(); // after done: nothing
  assert.equal(out.writes.length, 3);
});

test("on a terminal, a line wider than the terminal is cut to fit", () => {
  const out = stream(true, 20);
  let clock = 0;
  const p = progress("Loading a great many articles", 10, { stream: out, now: () => clock });
  clock = 1000;
  p.tick();
  assert.equal(out.writes[0], "\r\x1b[KLoading a great man");
});

test("in a log, a plain line at each quarter and at most one every few seconds", () => {
  const out = stream(false);
  let clock = 0;
  const p = progress("Loading articles", 100, { stream: out, now: () => clock, logEveryMs: 5000 });
  for (let i = 0; i < 100; i++) {
    clock += 10; // 1 s in all: no line for time, only the milestones
    p.tick();
  }
  p.done("Loaded 100 articles.");
  assert.deepEqual(out.writes, [
    "Loading articles 25/100\n",
    "Loading articles 50/100\n",
    "Loading articles 75/100\n",
    "Loaded 100 articles.\n",
  ]);
  assert.ok(out.writes.every((line) => !line.includes("\r") && !line.includes("\x1b")));
});

test("in a log, with no total, a line every few seconds", () => {
  const out = stream(false);
  let clock = 0;
  const p = progress("Reading lines", undefined, { stream: out, now: () => clock });
  for (let i = 1; i <= 12; i++) {
    clock = i * 1000;
    p.tick(100);
  }
  assert.deepEqual(out.writes, ["Reading lines 500\n", "Reading lines 1,000\n"]);
});

test("a disabled reporter writes nothing", () => {
  const out = stream(true);
  const p = progress("Loading", 3, { stream: out, enabled: false, now: () => 1e9 });
  p.tick(3);
  p.done("Done.");
  assert.deepEqual(out.writes, []);
});
