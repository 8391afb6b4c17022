/**
 * Sign-in sessions: a random token in an HttpOnly cookie, stored only as its SHA-256 hash in
 * a small SQLite file beside the read database. Sessions are not events: they say nothing about
 * the organisation's work and expire. (Several app replicas need sticky sessions or a shared
 * DATA_DIR for them.)
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { systemClock, type Clock } from '../clock.ts';

export const SESSION_COOKIE = 'lp_session';
const LIFETIME_MS = 12 * 60 * 60 * 1000;

export interface Session {
  userId: string;
  expiresAt: number;
}

export interface SessionStore {
  create(userId: string): { token: string; expiresAt: number };
  /** The session for a token if it has not expired; each use extends it (sliding expiry). */
  find(token: string): Session | null;
  end(token: string): void;
  endAllFor(userId: string): void;
  close(): void;
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Expiry is measured on the runtime's clock, so a server started at another time keeps its sessions. */
export function createSessionStore(file: string, clock: Clock = systemClock): SessionStore {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new DatabaseSync(file);
  db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
    CREATE TABLE IF NOT EXISTS sessions (token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, expires_at INTEGER NOT NULL);
    CREATE INDEX IF NOT EXISTS sessions_user ON sessions (user_id);`);
  const insert = db.prepare('INSERT INTO sessions (token_hash, user_id, expires_at) VALUES (?, ?, ?)');
  const select = db.prepare('SELECT user_id AS userId, expires_at AS expiresAt FROM sessions WHERE token_hash = ?');
  const touch = db.prepare('UPDATE sessions SET expires_at = ? WHERE token_hash = ?');
  const remove = db.prepare('DELETE FROM sessions WHERE token_hash = ?');
  const removeUser = db.prepare('DELETE FROM sessions WHERE user_id = ?');
  const purge = db.prepare('DELETE FROM sessions WHERE expires_at < ?');
  return {
    create(userId) {
      const now = clock.now().getTime();
      purge.run(now);
      const token = randomBytes(32).toString('base64url');
      const expiresAt = now + LIFETIME_MS;
      insert.run(hash(token), userId, expiresAt);
      return { token, expiresAt };
    },
    find(token) {
      const now = clock.now().getTime();
      const row = select.get(hash(token)) as Session | undefined;
      if (!row || row.expiresAt < now) return null;
      // Extend at most once a minute, not on every request.
      if (row.expiresAt - now < LIFETIME_MS - 60_000) touch.run(now + LIFETIME_MS, hash(token));
      return row;
    },
    end(token) {
      remove.run(hash(token));
    },
    endAllFor(userId) {
      removeUser.run(userId);
    },
    close() {
      db.close();
    },
  };
}
