// The automerge-repo sync server as its own project ships it
// (automerge-repo-sync-server): a Repo with the WebSocket server adapter and
// NodeFS storage, announcing nothing (sharePolicy false) and syncing every
// document a client asks for. Usage: node automerge-server.mjs DATA_DIR;
// prints `listening PORT` once it accepts connections on 127.0.0.1.
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
new Repo({
  network: [new WebSocketServerAdapter(wss)],
  storage: new NodeFSStorageAdapter(dir),
  peerId: `sync-server-${process.pid}`,
  sharePolicy: async () => false,
})
server.listen(0, "127.0.0.1", () => console.log(`listening ${server.address().port}`))
