// JSON Lines export: one object per version, written as each article is read.

import { closeSync, openSync, writeSync } from "node:fs";
import type { VersionRecord } from "./records.ts";

export interface ExportWriter {
  /** Writes one article's records (its versions, oldest first). */
  article(records: readonly VersionRecord[]): void;
  /** Finishes the file. */
  close(): void;
}

export function jsonlWriter(path: string): ExportWriter {
  const fd = openSync(path, "w");
  return {
    article(records) {
      if (records.length === 0) return;
      writeSync(fd, records.map((record) => `${JSON.stringify(record)}\n`).join(""));
    },
    close() {
      closeSync(fd);
    },
  };
}
