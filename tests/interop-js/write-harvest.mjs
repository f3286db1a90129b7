// Usage: node write-harvest.mjs ws://127.0.0.1:PORT/ TOKEN DOCUMENT_ID RECORD_ID RECORD_JSON
//
// Writes one record into a farm document with an unmodified automerge-repo
// client, the way any JavaScript program would: `doc[RECORD_ID] = {...}` with
// plain JS values (strings become Automerge Text). Then checks, with a second
// client that holds nothing, that the server serves the document with the
// record in it, and exits 0. Exits non-zero if the document is unavailable
// or the record does not come back within 30 s. (Run by
// tests/e2e/tests/it/interop_js.rs; docs/SCHEMA.md describes the fields.)
import { Repo } from "@automerge/automerge-repo"
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket"

const [url, token, documentId, recordId, recordJson] = process.argv.slice(2)
if (!url || !token || !documentId || !recordId || !recordJson) {
  console.error("usage: node write-harvest.mjs URL TOKEN DOCUMENT_ID RECORD_ID RECORD_JSON")
  process.exit(64)
}
const record = JSON.parse(recordJson)

const timer = setTimeout(() => {
  console.error(`record ${recordId} not on the server within 30 s`)
  process.exit(3)
}, 30_000)

// The token travels in the query string: all a stock WebSocket client can carry.
const address = new URL(url)
address.searchParams.set("token", token)
const connect = () => new Repo({ network: [new WebSocketClientAdapter(address.toString())] })

try {
  const writer = connect()
  const handle = await writer.find(`automerge:${documentId}`)
  handle.change((doc) => {
    doc[recordId] = record
  })

  // automerge-repo has no "sent" acknowledgement: ask the server with a
  // fresh client until the record is there.
  for (;;) {
    const reader = connect()
    let found = false
    try {
      const copy = await reader.find(`automerge:${documentId}`)
      found = Boolean(copy.doc()[recordId])
    } finally {
      await reader.shutdown()
    }
    if (found) break
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  clearTimeout(timer)
  await writer.shutdown()
  console.log(JSON.stringify({ written: recordId }))
  process.exit(0)
} catch (error) {
  console.error(`cannot write into ${documentId}: ${error?.message ?? error}`)
  process.exit(2)
}
