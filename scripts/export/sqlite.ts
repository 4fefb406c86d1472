// SQLite export with node:sqlite, in tables shaped like the NewsEdits dataset (docs/export.md):
// articles, versions, sentences, and sentence_diffs between neighbouring versions.

import type { Article, Source } from "../load/index.ts";
import type { ExportWriter } from "./jsonl.ts";
import type { VersionRecord } from "./records.ts";
import { diffSentences, splitSentences } from "./sentences.ts";

export const SCHEMA = `
CREATE TABLE articles (
  article_id TEXT PRIMARY KEY,      -- "<source>/<slug>", permanent
  source TEXT NOT NULL,             -- source key (content/<source>/)
  source_name TEXT,
  language TEXT,                    -- BCP 47 tag of the source
  url TEXT NOT NULL,                -- where the outlet published it
  tracking TEXT NOT NULL,           -- active | stopped
  num_versions INTEGER NOT NULL,
  first_captured_at TEXT NOT NULL,
  last_captured_at TEXT NOT NULL
);
CREATE TABLE versions (
  article_id TEXT NOT NULL REFERENCES articles(article_id),
  version INTEGER NOT NULL,         -- 1-based, permanent
  captured_at TEXT NOT NULL,        -- ISO 8601, offset as captured
  headline TEXT NOT NULL,
  byline TEXT,
  standfirst TEXT,
  archive_url TEXT,
  body TEXT NOT NULL,               -- paragraphs joined by a blank line
  num_paragraphs INTEGER NOT NULL,
  num_sentences INTEGER NOT NULL,
  paragraph_since TEXT NOT NULL,    -- JSON array, one version number per paragraph
  sha256 TEXT NOT NULL,             -- of the canonical text (docs/accountability.md)
  significance_score REAL,          -- null for version 1
  significance_label TEXT,          -- minor | small | substantive | major
  significance_reasons TEXT,        -- JSON array of phrases
  notice TEXT,                      -- first notice this version added, or null
  without_notice INTEGER,           -- 1: substantive or major with no notice added
  PRIMARY KEY (article_id, version)
);
CREATE TABLE sentences (
  article_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  sentence_index INTEGER NOT NULL,  -- 0-based across the body
  paragraph_index INTEGER NOT NULL, -- 0-based
  sentence TEXT NOT NULL,
  PRIMARY KEY (article_id, version, sentence_index)
);
CREATE TABLE sentence_diffs (
  article_id TEXT NOT NULL,
  from_version INTEGER NOT NULL,
  to_version INTEGER NOT NULL,
  row_index INTEGER NOT NULL,       -- order of the rows in the alignment
  old_sentence_index INTEGER,       -- null for insert
  new_sentence_index INTEGER,       -- null for delete
  operation TEXT NOT NULL CHECK (operation IN ('equal', 'insert', 'delete', 'replace')),
  old_sentence TEXT,
  new_sentence TEXT,
  PRIMARY KEY (article_id, from_version, to_version, row_index)
);
CREATE INDEX sentence_diffs_changed ON sentence_diffs (operation) WHERE operation <> 'equal';
`;

/** The first Node version whose node:sqlite needs no flag. */
export const SQLITE_NODE = "22.13";

export const SQLITE_TOO_OLD = `SQLite export needs Node ${SQLITE_NODE} or later (this is Node ${process.versions.node}); use --format jsonl, or run it with a newer Node.`;

type Database = import("node:sqlite").DatabaseSync;

/** Opens node:sqlite, or undefined when this Node has none (Node 20, or 22 before 22.13). */
export async function loadSqlite(): Promise<typeof import("node:sqlite") | undefined> {
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  if (major < 22 || (major === 22 && minor < 13)) return undefined;
  try {
    return await import("node:sqlite");
  } catch {
    return undefined;
  }
}

/** A writer into a new SQLite file at `path` (which must not exist). */
export function sqliteWriter(
  sqlite: typeof import("node:sqlite"),
  path: string,
  meta: (records: readonly VersionRecord[]) => { article: Article; source: Source | undefined },
): ExportWriter {
  const db: Database = new sqlite.DatabaseSync(path);
  db.exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;");
  db.exec(SCHEMA);
  const insertArticle = db.prepare("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  const insertVersion = db.prepare(
    "INSERT INTO versions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const insertSentence = db.prepare("INSERT INTO sentences VALUES (?, ?, ?, ?, ?)");
  const insertDiff = db.prepare("INSERT INTO sentence_diffs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  return {
    article(records) {
      if (records.length === 0) return;
      const { article, source } = meta(records);
      const first = records[0]!;
      const last = records[records.length - 1]!;
      db.exec("BEGIN");
      insertArticle.run(
        first.article_id,
        first.source,
        source?.name ?? null,
        first.language,
        first.url,
        article.tracking,
        records.length,
        first.captured_at,
        last.captured_at,
      );
      let previous: ReturnType<typeof splitSentences> | undefined;
      for (const record of records) {
        const split = splitSentences(record.paragraphs, record.language ?? undefined);
        const change = record.change;
        insertVersion.run(
          record.article_id,
          record.version,
          record.captured_at,
          record.headline,
          record.byline,
          record.standfirst,
          record.archive_url,
          record.paragraphs.join("\n\n"),
          record.paragraphs.length,
          split.length,
          JSON.stringify(record.paragraph_since),
          record.sha256,
          change ? change.significance.score : null,
          change ? change.significance.label : null,
          change ? JSON.stringify(change.significance.reasons) : null,
          change ? change.notice : null,
          change ? (change.without_notice ? 1 : 0) : null,
        );
        for (const s of split)
          insertSentence.run(record.article_id, record.version, s.index, s.paragraph, s.text);
        if (previous && change) {
          diffSentences(previous, split).forEach((row, k) => {
            insertDiff.run(
              record.article_id,
              change.from,
              record.version,
              k,
              row.oldIndex,
              row.newIndex,
              row.operation,
              row.oldText,
              row.newText,
            );
          });
        }
        previous = split;
      }
      db.exec("COMMIT");
    },
    close() {
      db.close();
    },
  };
}
