// Usage: node fetch.mjs ws://127.0.0.1:PORT/ TOKEN DOCUMENT_ID
//
// Fetches one document from a carnet-sync server with an unmodified
// automerge-repo client (no storage, so everything comes over the wire),
// prints its contents as JSON on one line, and exits 0. Exits non-zero if the
// document is unavailable or nothing arrives within 30 s.
import { Repo } from "@automerge/automerge-repo"
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket"

const [url, token, documentId] = process.argv.slice(2)
if (!url || !token || !documentId) {
  console.error("usage: node fetch.mjs URL TOKEN DOCUMENT_ID")
  process.exit(64)
}

const timer = setTimeout(() => {
  console.error(`no document ${documentId} within 30 s`)
  process.exit(3)
}, 30_000)

// The token travels in the query string: all a stock WebSocket client can carry.
const address = new URL(url)
address.searchParams.set("token", token)

const repo = new Repo({ network: [new WebSocketClientAdapter(address.toString())] })
try {
  // automerge-repo 2.x: find() resolves to a ready handle, or rejects when
  // every peer says the document is unavailable.
  const handle = await repo.find(`automerge:${documentId}`)
  console.log(JSON.stringify(handle.doc()))
  clearTimeout(timer)
  await repo.shutdown()
  process.exit(0)
} catch (error) {
  console.error(`cannot fetch ${documentId}: ${error?.message ?? error}`)
  process.exit(2)
}
