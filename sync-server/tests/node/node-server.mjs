// node-server.mjs: plain reference automerge-repo 2.5.6 sync server (WebSocket + nodefs storage) for the JS-interop tests.
//
//   node node-server.mjs <dataDir>
//
// Listens on 127.0.0.1 on a free port (any path, e.g. ws://127.0.0.1:PORT/sync), prints one line
// {"port": N} to stdout once listening, and exits cleanly on SIGTERM/SIGINT. Diagnostics go to stderr.
import { Repo } from "@automerge/automerge-repo";
import { NodeWSServerAdapter } from "@automerge/automerge-repo-network-websocket";
import { NodeFSStorageAdapter } from "@automerge/automerge-repo-storage-nodefs";
import { WebSocketServer } from "ws";

const dataDir = process.argv[2];
if (!dataDir) {
  process.stderr.write("usage: node node-server.mjs <dataDir>\n");
  process.exit(1);
}

const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
wss.on("error", e => {
  process.stderr.write(`node-server.mjs: ${e.stack ?? e}\n`);
  process.exit(1);
});

const repo = new Repo({
  network: [new NodeWSServerAdapter(wss)],
  storage: new NodeFSStorageAdapter(dataDir),
  sharePolicy: async () => true,
});

wss.on("listening", () => {
  process.stdout.write(JSON.stringify({ port: wss.address().port }) + "\n");
});

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`node-server.mjs: ${signal}, shutting down\n`);
  // Flush loaded documents to disk, then close the sockets; bounded so a stuck close cannot hang us.
  // (Not repo.shutdown(): its flush throws on handles of documents that were requested but unavailable.)
  const timer = setTimeout(() => process.exit(0), 5000);
  try {
    const ready = Object.values(repo.handles).filter(h => h.isReady());
    await repo.flush(ready.map(h => h.documentId));
    repo.networkSubsystem.disconnect();
  } catch (e) {
    process.stderr.write(`node-server.mjs: shutdown error: ${e?.stack ?? e}\n`);
  }
  for (const client of wss.clients) client.terminate();
  wss.close(() => {
    clearTimeout(timer);
    process.exit(0);
  });
}
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));
