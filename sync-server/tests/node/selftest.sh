#!/usr/bin/env bash
# selftest.sh: checks client.mjs against node-server.mjs (create, read from a new process, edit, read --expect-key).
set -euo pipefail
cd "$(dirname "$0")"

tmp=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

fail() {
  echo "selftest FAILED: $*" >&2
  echo "--- server stderr ---" >&2
  cat "$tmp/server.err" >&2 || true
  exit 1
}

# JSON field of a one-line JSON document: json_get '<json>' field
json_get() {
  node -e 'const v = JSON.parse(process.argv[1])[process.argv[2]]; if (v === undefined) process.exit(1); console.log(typeof v === "string" ? v : JSON.stringify(v))' "$1" "$2"
}

# Start the server and wait (bounded) for its {"port": N} line.
node node-server.mjs "$tmp/data" >"$tmp/server.out" 2>"$tmp/server.err" &
server_pid=$!
for _ in $(seq 1 100); do
  [ -s "$tmp/server.out" ] && break
  kill -0 "$server_pid" 2>/dev/null || fail "server exited early"
  sleep 0.1
done
[ -s "$tmp/server.out" ] || fail "server did not print its port"
port=$(json_get "$(head -n1 "$tmp/server.out")" port) || fail "bad server output: $(cat "$tmp/server.out")"
url="ws://127.0.0.1:$port/sync?token=selftest"
echo "server on port $port"

created=$(node client.mjs create "$url" '{"title":"hello","count":1,"tags":["a","b"]}') || fail "create"
echo "create: $created"
doc_id=$(json_get "$created" documentId) || fail "create printed no documentId"
doc_url=$(json_get "$created" url) || fail "create printed no url"
[ "$doc_url" = "automerge:$doc_id" ] || fail "url $doc_url does not match documentId $doc_id"

content=$(node client.mjs read "$url" "$doc_id") || fail "read"
echo "read: $content"
node -e '
  const got = JSON.parse(process.argv[1]);
  const ok = got.title === "hello" && got.count === 1 && JSON.stringify(got.tags) === "[\"a\",\"b\"]";
  process.exit(ok ? 0 : 1);
' "$content" || fail "unexpected content: $content"

edited=$(node client.mjs edit "$url" "$doc_id" title '"changed"') || fail "edit"
echo "edit: $edited"
[ "$(json_get "$edited" ok)" = "true" ] || fail "edit did not print ok:true"

content=$(node client.mjs read "$url" "$doc_id" --expect-key title --expect-value changed --timeout-ms 10000) || fail "read after edit"
echo "read after edit: $content"
[ "$(json_get "$content" title)" = "changed" ] || fail "title not changed: $content"

# A JSON --expect-value, and the automerge: url form of the id.
content=$(node client.mjs read "$url" "$doc_url" --expect-key tags --expect-value '["a","b"]' --timeout-ms 10000) || fail "read by url"

# Error exits: unknown document -> 2, unreachable server -> 4.
missing=$(node -e 'import("@automerge/automerge-repo").then(m => console.log(m.parseAutomergeUrl(m.generateAutomergeUrl()).documentId))')
rc=0; node client.mjs read "$url" "$missing" --timeout-ms 10000 >/dev/null 2>"$tmp/err" || rc=$?
[ "$rc" = 2 ] || fail "read of unknown document exited $rc, want 2: $(cat "$tmp/err")"
rc=0; node client.mjs read "ws://127.0.0.1:1/sync" "$doc_id" --timeout-ms 3000 >/dev/null 2>"$tmp/err" || rc=$?
[ "$rc" = 4 ] || fail "read from unreachable server exited $rc, want 4: $(cat "$tmp/err")"

echo "selftest ok"
