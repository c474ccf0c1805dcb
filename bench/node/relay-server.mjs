// relay-server.mjs: the Node reference sync server for the relay, relay-vs-node and idle workloads.
//
// automerge-repo 2.5.6 with its WebSocket server adapter and nodefs storage, bound to 127.0.0.1 on a
// free port, configured as automerge-repo-sync-server is: `sharePolicy` false, so a document goes
// only to peers that asked for it (our server's announce policy likewise offers a document only to
// peers with a grant). tandem-bench runs this text with `node --input-type=module -e` from
// sync-server/tests/node, so the packages resolve from that directory's node_modules.
//
// Argument: the data directory. Prints one line {"port": N} once listening.
import { Repo } from "@automerge/automerge-repo";
import { NodeWSServerAdapter } from "@automerge/automerge-repo-network-websocket";
import { NodeFSStorageAdapter } from "@automerge/automerge-repo-storage-nodefs";
import { WebSocketServer } from "ws";

const dataDir = process.argv[1];
if (!dataDir) {
  process.stderr.write("relay-server.mjs: the data directory argument is missing\n");
  process.exit(1);
}

const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
wss.on("error", e => {
  process.stderr.write(`relay-server.mjs: ${e.stack ?? e}\n`);
  process.exit(1);
});

const adapter = new NodeWSServerAdapter(wss);
new Repo({
  network: [adapter],
  storage: new NodeFSStorageAdapter(dataDir),
  sharePolicy: async () => false,
});

// Announce the port only once the Repo has connected the adapter (it sets `peerId` then): a
// socket accepted before that has no message handler, and the adapter's keep-alive later
// terminates it as dead (seen as "connection reset" by the first clients).
let listening = false;
wss.on("listening", () => {
  listening = true;
});
const ready = setInterval(() => {
  if (listening && adapter.peerId !== undefined) {
    clearInterval(ready);
    process.stdout.write(JSON.stringify({ port: wss.address().port }) + "\n");
  }
}, 5);
