// The automerge-repo sync server as its own project ships it
// (automerge-repo-sync-server): a Repo with the WebSocket server adapter and
// NodeFS storage, announcing nothing (sharePolicy false) and syncing every
// document a client asks for. Usage: node automerge-server.mjs DATA_DIR;
// prints `listening PORT` once it accepts connections on 127.0.0.1.
//
// One setting differs from the defaults: the keep-alive. The adapter pings
// every client every 5 s and cuts one that has not answered the previous
// ping. Here up to 500 clients share one Node process and both processes
// share 2 CPUs, so a client's event loop is often busy for seconds and the
// server would cut healthy connections. After such a cut, some client and
// server pairs never agree on a document again: they exchange empty sync
// messages for ever, the client asking for heads the server's sync state
// says it already sent (and in some runs the client's handle is left with an
// outdated document, when the cut's exception escaped DocHandle.update after
// the message was applied). 60 s still finds a dead client.
// AUTOMERGE_KEEPALIVE_MS overrides it (5000 is the shipped default).
import http from "node:http"
import { WebSocketServer } from "ws"
import { Repo } from "@automerge/automerge-repo"
import { WebSocketServerAdapter } from "@automerge/automerge-repo-network-websocket"
import { NodeFSStorageAdapter } from "@automerge/automerge-repo-storage-nodefs"

const dir = process.argv[2]
if (!dir) {
  console.error("usage: node automerge-server.mjs DATA_DIR")
  process.exit(64)
}
const wss = new WebSocketServer({ noServer: true })
const server = http.createServer((_req, res) => {
  res.writeHead(200)
  res.end("automerge-repo sync server\n")
})
server.on("upgrade", (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit("connection", ws, request))
})
const keepAliveMs = Number(process.env.AUTOMERGE_KEEPALIVE_MS ?? 60_000)
new Repo({
  network: [new WebSocketServerAdapter(wss, keepAliveMs)],
  storage: new NodeFSStorageAdapter(dir),
  peerId: `sync-server-${process.pid}`,
  sharePolicy: async () => false,
})
server.listen(0, "127.0.0.1", () => console.log(`listening ${server.address().port}`))
