// client.mjs: command-line automerge-repo 2.5.6 WebSocket client used by the sync-server JS-interop tests.
//
//   node client.mjs create <wsUrl> <json> [--timeout-ms N]
//   node client.mjs read   <wsUrl> <documentId|url> [--expect-key K --expect-value V] [--timeout-ms N]
//   node client.mjs edit   <wsUrl> <documentId|url> <key> <jsonValue> [--timeout-ms N]
//
// A key (`--expect-key K`, `edit`'s <key>) is a path: slash-separated keys into nested maps (or
// list indexes), e.g. `tasks/<taskId>/title`; a key without a slash is a root key.
//
// Exit codes: 0 ok, 1 error (bad usage, connection lost, ...), 2 document unavailable,
// 3 timeout, 4 could not connect. Results go to stdout as one JSON line; diagnostics to stderr.
import { Repo, decodeHeads } from "@automerge/automerge-repo";
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket";

const EXIT_ERROR = 1;
const EXIT_UNAVAILABLE = 2;
const EXIT_TIMEOUT = 3;
const EXIT_CONNECT = 4;
const POLL_MS = 20;

const USAGE = `usage:
  node client.mjs create <wsUrl> <json> [--timeout-ms N]
  node client.mjs read <wsUrl> <documentId> [--expect-key K --expect-value V] [--timeout-ms N]
  node client.mjs edit <wsUrl> <documentId> <key> <jsonValue> [--timeout-ms N]`;

// An error that carries the process exit code.
class Fail extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

function die(code, message) {
  process.stderr.write(`client.mjs: ${message}\n`);
  process.exit(code);
}

function parseArgs(argv) {
  const positional = [];
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith("--")) {
      if (i + 1 >= argv.length) throw new Fail(EXIT_ERROR, `missing value for ${a}\n${USAGE}`);
      opts[a.slice(2)] = argv[++i];
    } else {
      positional.push(a);
    }
  }
  const known = ["timeout-ms", "expect-key", "expect-value"];
  for (const k of Object.keys(opts)) {
    if (!known.includes(k)) throw new Fail(EXIT_ERROR, `unknown option --${k}\n${USAGE}`);
  }
  return { positional, opts };
}

function parseJson(text, what) {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Fail(EXIT_ERROR, `${what} is not valid JSON: ${e.message}`);
  }
}

// JSON with object keys sorted, so that key order never matters in comparisons.
function canonical(value) {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map(k => [k, v[k]]))
      : v,
  );
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

// The path of a key: its slash-separated parts (a plain key is a one-part path).
function pathOf(key) {
  const parts = key.split("/");
  if (parts.some(p => p === "")) throw new Fail(EXIT_ERROR, `bad key ${JSON.stringify(key)}: empty path part`);
  return parts;
}

// The value at `path` in `doc`, or undefined when any part of the path is missing.
function valueAt(doc, path) {
  let value = doc;
  for (const part of path) {
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, part)) return undefined;
    value = value[part];
  }
  return value;
}

// Polls `condition` until it returns true or the deadline passes (then throws Fail(code)).
async function until(condition, deadline, code, what) {
  for (;;) {
    if (condition()) return;
    if (Date.now() >= deadline) throw new Fail(code, `timed out waiting for ${what}`);
    await sleep(Math.min(POLL_MS, Math.max(1, deadline - Date.now())));
  }
}

// Rejects with Fail(code) if `promise` has not settled by the deadline.
async function before(promise, deadline, code, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Fail(code, `timed out waiting for ${what}`)), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// Opens a Repo (in-memory, no storage) connected to wsUrl and waits until the server has
// introduced itself as a peer. Any socket error or close is fatal: before the server peer is
// known it means "could not connect" (exit 4), afterwards "connection lost" (exit 1).
async function connect(wsUrl, deadline) {
  const adapter = new WebSocketClientAdapter(wsUrl);
  let serverPeer = null;
  // The adapter would retry forever (and rethrows non-ECONNREFUSED errors, e.g. a 401 on the
  // upgrade, from inside the socket listener); replace its error/close handlers to fail fast.
  adapter.onError = event => {
    const reason = event?.error?.message ?? event?.message ?? "websocket error";
    if (serverPeer) die(EXIT_ERROR, `connection error: ${reason}`);
    die(EXIT_CONNECT, `could not connect to ${wsUrl}: ${reason}`);
  };
  adapter.onClose = event => {
    const reason = `code ${event?.code ?? "?"}${event?.reason ? ` ${event.reason}` : ""}`;
    if (serverPeer) die(EXIT_ERROR, `connection closed by server (${reason})`);
    die(EXIT_CONNECT, `could not connect to ${wsUrl}: connection closed (${reason})`);
  };

  const repo = new Repo({ network: [adapter], sharePolicy: async () => true });
  // Latest sync state per "documentId peerId", as reported by the synchronizer.
  const syncStates = new Map();
  repo.synchronizer.on("sync-state", ({ documentId, peerId, syncState }) => {
    syncStates.set(`${documentId} ${peerId}`, syncState);
  });
  repo.networkSubsystem.on("peer", ({ peerId }) => {
    serverPeer ??= peerId;
  });
  try {
    await until(() => serverPeer !== null, deadline, EXIT_CONNECT, "the server peer");
  } catch (e) {
    throw new Fail(EXIT_CONNECT, `could not connect to ${wsUrl}: no peer message within the timeout`);
  }
  return { repo, serverPeer: () => serverPeer, syncStates };
}

function hexHeads(handle) {
  return decodeHeads(handle.heads());
}

// Waits until the server's last announced heads (theirHeads in our sync state for the server
// peer) include every one of our local heads, i.e. the server holds all our changes.
async function untilServerHasHeads(conn, handle, deadline) {
  const key = () => `${handle.documentId} ${conn.serverPeer()}`;
  await until(
    () => {
      const theirs = conn.syncStates.get(key())?.theirHeads;
      return Array.isArray(theirs) && hexHeads(handle).every(h => theirs.includes(h));
    },
    deadline,
    EXIT_TIMEOUT,
    "the server to acknowledge our heads",
  );
}

async function findDoc(conn, id, deadline) {
  try {
    const handle = await before(conn.repo.find(id), deadline, EXIT_TIMEOUT, `document ${id}`);
    return handle;
  } catch (e) {
    if (e instanceof Fail) throw e;
    if (/unavailable/i.test(e?.message ?? "")) throw new Fail(EXIT_UNAVAILABLE, `document ${id} is unavailable`);
    throw new Fail(EXIT_ERROR, `could not find document ${id}: ${e?.message ?? e}`);
  }
}

async function cmdCreate(conn, [json], _opts, deadline) {
  if (json === undefined) throw new Fail(EXIT_ERROR, USAGE);
  const initial = parseJson(json, "<json>");
  if (!initial || typeof initial !== "object" || Array.isArray(initial)) {
    throw new Fail(EXIT_ERROR, "<json> must be a JSON object");
  }
  const handle = conn.repo.create(initial);
  await untilServerHasHeads(conn, handle, deadline);
  return { documentId: handle.documentId, url: handle.url };
}

async function cmdRead(conn, [id], opts, deadline) {
  if (id === undefined) throw new Fail(EXIT_ERROR, USAGE);
  const key = opts["expect-key"];
  const expected = opts["expect-value"];
  if ((key === undefined) !== (expected === undefined)) {
    throw new Fail(EXIT_ERROR, "--expect-key and --expect-value go together");
  }
  const path = key === undefined ? undefined : pathOf(key);
  const handle = await findDoc(conn, id, deadline);
  if (key !== undefined) {
    let want;
    let matches;
    try {
      want = canonical(JSON.parse(expected));
      matches = doc => valueAt(doc, path) !== undefined && canonical(valueAt(doc, path)) === want;
    } catch {
      matches = doc => valueAt(doc, path) !== undefined && String(valueAt(doc, path)) === expected;
    }
    try {
      await until(() => matches(handle.doc()), deadline, EXIT_TIMEOUT, `doc/${key} == ${expected}`);
    } catch (e) {
      if (e instanceof Fail) e.message += `; last content: ${JSON.stringify(handle.doc())}`;
      throw e;
    }
  }
  return handle.doc();
}

async function cmdEdit(conn, [id, key, jsonValue], _opts, deadline) {
  if (jsonValue === undefined) throw new Fail(EXIT_ERROR, USAGE);
  const value = parseJson(jsonValue, "<jsonValue>");
  const path = pathOf(key);
  const handle = await findDoc(conn, id, deadline);
  // The parent of the edited key must exist (and be a map or list): a path is never created.
  const parent = valueAt(handle.doc(), path.slice(0, -1));
  if (parent === null || typeof parent !== "object") {
    throw new Fail(EXIT_ERROR, `cannot edit ${key}: ${path.slice(0, -1).join("/")} is not a map or list in the document`);
  }
  handle.change(doc => {
    valueAt(doc, path.slice(0, -1))[path[path.length - 1]] = value;
  });
  await untilServerHasHeads(conn, handle, deadline);
  return { ok: true, heads: hexHeads(handle) };
}

async function main() {
  const [cmd, ...rest] = process.argv.slice(2);
  const commands = { create: cmdCreate, read: cmdRead, edit: cmdEdit };
  if (!commands[cmd]) throw new Fail(EXIT_ERROR, USAGE);
  const { positional, opts } = parseArgs(rest);
  const [wsUrl, ...args] = positional;
  if (!wsUrl) throw new Fail(EXIT_ERROR, USAGE);
  const timeoutMs = Number(opts["timeout-ms"] ?? 15000);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new Fail(EXIT_ERROR, "--timeout-ms must be a positive number");
  const deadline = Date.now() + timeoutMs;

  const conn = await connect(wsUrl, deadline);
  const result = await commands[cmd](conn, args, opts, deadline);
  // Shut down (bounded, so a hung close cannot keep us alive), then print and exit.
  await Promise.race([conn.repo.shutdown().catch(() => {}), sleep(2000)]);
  await new Promise(resolve => process.stdout.write(JSON.stringify(result) + "\n", resolve));
  process.exit(0);
}

process.on("uncaughtException", e => die(EXIT_ERROR, `unexpected error: ${e?.stack ?? e}`));
process.on("unhandledRejection", e => die(EXIT_ERROR, `unexpected error: ${e?.stack ?? e}`));

main().catch(e => {
  if (e instanceof Fail) die(e.code, e.message);
  die(EXIT_ERROR, `error: ${e?.stack ?? e}`);
});
