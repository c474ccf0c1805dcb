// The Node side of store/tests/node_interop.rs: the automerge-repo nodefs adapter reads a data
// directory tandem-store wrote, and writes one for tandem-store to read.
//
//   node interop.mjs read <dir> <documentId>   prints the document as JSON
//   node interop.mjs write <dir>               creates a document, flushes it, prints its id
//
// Exits non-zero with a message on stderr when anything fails.
import { Repo } from "@automerge/automerge-repo"
import { NodeFSStorageAdapter } from "@automerge/automerge-repo-storage-nodefs"

function usage() {
  console.error("usage: node interop.mjs read <dir> <documentId> | write <dir>")
  process.exit(2)
}

async function main([mode, dir, documentId]) {
  if (!dir) usage()
  const repo = new Repo({ storage: new NodeFSStorageAdapter(dir), network: [] })
  if (mode === "read") {
    if (!documentId) usage()
    // 2.x: find resolves once the handle is ready and rejects when the document is unavailable.
    const handle = await repo.find(documentId)
    // Automerge 3 gives Text as JS strings and scalar strings as ImmutableString, whose toJSON is
    // the plain string, so JSON.stringify prints both as strings.
    console.log(JSON.stringify(handle.doc()))
  } else if (mode === "write") {
    const handle = repo.create({ schema: 1, project: { name: "From Node" }, tags: ["a", "b"] })
    await repo.flush()
    console.log(handle.documentId)
  } else {
    usage()
  }
  // Only after success: shutdown flushes every handle and would hide the real error otherwise.
  await repo.shutdown()
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (e) => {
    console.error(`interop.mjs: ${e?.stack ?? e}`)
    process.exit(1)
  },
)
