/**
 * Durability check: a child process appends in a loop and prints each acknowledged event id;
 * after some acknowledgements it is killed with SIGKILL, mid-write. Every id it printed must
 * be in the log afterwards.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { EventStore } from '../../events/store/port.ts';

const child = fileURLToPath(new URL('./append-loop.ts', import.meta.url));

export async function runDurabilityCheck(env: Record<string, string>, open: () => EventStore) {
  const acknowledged: string[] = [];
  const stream = await new Promise<string>((resolve, reject) => {
    const proc = spawn(process.execPath, [child], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let buffer = '';
    let name = '';
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith('stream ')) name = line.slice(7);
        else if (line.startsWith('ack ')) acknowledged.push(line.slice(4));
      }
      if (acknowledged.length >= 200 && !proc.killed) proc.kill('SIGKILL');
    });
    proc.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(name) : reject(new Error(`append loop ended by itself (code ${code})`))));
    setTimeout(() => proc.kill('SIGKILL'), 30_000).unref();
  });
  const store = open();
  try {
    const ids = new Set((await store.readStream(stream)).map((event) => event.id));
    return { acknowledged, found: acknowledged.filter((id) => ids.has(id)) };
  } finally {
    await store.close();
  }
}
